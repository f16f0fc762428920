package io.mailfleet.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Messages read from a stream where each is its length in decimal digits, a line feed, then exactly that
 * many octets ({@code bench/imap/load.py messages} writes them so), so that the texts come from the one
 * place that decides them for both sides of the IMAP benchmark.
 */
final class FramedMessages implements Iterator<byte[]> {

    /** Far above the benchmark's messages: a length past it means the stream is not framed as expected. */
    private static final int LARGEST = 64 << 20;

    private final InputStream in;
    private byte[] next;

    FramedMessages(InputStream in) {
        this.in = new BufferedInputStream(in, 1 << 16);
        this.next = read();
    }

    @Override
    public boolean hasNext() {
        return next != null;
    }

    @Override
    public byte[] next() {
        if (next == null) {
            throw new NoSuchElementException();
        }
        byte[] current = next;
        next = read();
        return current;
    }

    /** The next message, or null at the end of the stream (which may only come between messages). */
    private byte[] read() {
        try {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            long length = 0;
            for (; c != '\n'; c = in.read()) {
                if (c < '0' || c > '9' || length > LARGEST) {
                    throw new IOException("not a message length: " + (c < 0 ? "end of stream" : "octet " + c));
                }
                length = length * 10 + (c - '0');
            }
            byte[] message = in.readNBytes((int) length);
            if (message.length < length) {
                throw new EOFException("the stream ended " + (length - message.length) + " octets into a message");
            }
            return message;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
