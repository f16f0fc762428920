package io.mailfleet.store.blob;

import java.io.IOException;
import java.io.InputStream;

/** Content whose source breaks after some octets, like an SMTP client that disconnects mid-DATA. */
final class FailingContent extends InputStream {

    private final InputStream octets;
    private final IOException failure;

    FailingContent(long octetsBeforeFailure, IOException failure) {
        this.octets = new GeneratedContent(octetsBeforeFailure, 7);
        this.failure = failure;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = octets.read(buffer, offset, length);
        if (read < 0) {
            throw failure;
        }
        return read;
    }
}
