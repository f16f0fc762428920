package io.mailfleet.pop3.gateway.server;

import io.mailfleet.pop3.MultilineEncoder;
import io.mailfleet.pop3.Question;
import io.mailfleet.pop3.gateway.maildrop.InboxMaildrop;
import io.mailfleet.server.ChunkSource;

import java.io.IOException;
import java.io.InputStream;

/**
 * A RETR or TOP response body: the stored message read from S3 a chunk at a time, byte-stuffed and
 * cut by the session's encoder, and checked against the size the listing promised.
 */
final class MessageChunks implements ChunkSource {

    private static final int CHUNK = 64 * 1024;

    private final InputStream content;
    private final MultilineEncoder encoder;
    private final long listedSize;
    private final byte[] chunk;
    private int read;
    private long octets;
    private boolean finished;

    private MessageChunks(InputStream content, MultilineEncoder encoder, long listedSize) throws IOException {
        this.content = content;
        this.encoder = encoder;
        this.listedSize = listedSize;
        // One octet more than listed, so that a small message takes one read and a longer one shows as such.
        this.chunk = new byte[(int) Math.min(CHUNK, listedSize + 1)];
        this.read = content.read(chunk);
    }

    /** Blocking: opens the message and reads its first chunk, so a store that cannot give it fails here, before any +OK. */
    static MessageChunks open(InboxMaildrop maildrop, Question.SendMessage send) throws IOException {
        InputStream content = maildrop.content(send.message().uniqueId());
        try {
            return new MessageChunks(content, send.encoder(), send.message().size());
        } catch (IOException | RuntimeException e) {
            content.close();
            throw e;
        }
    }

    @Override
    public byte[] next() throws IOException {
        if (finished) {
            return null;
        }
        if (read > 0 && encoder.wantsMore()) {
            octets += read;
            byte[] encoded = encoder.encode(chunk, 0, read);
            read = content.read(chunk);
            return encoded;
        }
        if (encoder.wantsMore() && octets != listedSize) {
            throw new IOException("the stored message has " + octets + " octets, the listing said " + listedSize);
        }
        finished = true;
        return encoder.finish();
    }

    /** Message octets read and sent so far. */
    long octets() {
        return octets;
    }

    @Override
    public void close() throws IOException {
        content.close();
    }
}
