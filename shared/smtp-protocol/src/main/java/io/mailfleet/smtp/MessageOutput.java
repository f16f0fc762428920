package io.mailfleet.smtp;

import java.util.Arrays;
import java.util.List;

/**
 * Collects the stored form of a message while input is processed and hands it out as
 * {@link Effect.MessageBytes}, one per processing step, so the whole message is never held.
 */
final class MessageOutput implements ContentSink {

    /**
     * The octets of this processing step. Not a ByteArrayOutputStream: the decoder writes the content
     * one octet at a time, and that class takes a lock on every write and starts at 32 octets.
     */
    private byte[] pending = new byte[4096];
    private int pendingLength;
    private HeaderCompleter completer;

    /** Starts with the trace header, ahead of everything the client sent (RFC 5321 §4.4). */
    MessageOutput(byte[] traceHeader) {
        write(traceHeader, 0, traceHeader.length);
    }

    /** Routes the content through a completer that adds Date and Message-ID when absent (submission). */
    void completeHeader(int maxHeader, String date, String messageId) {
        completer = new HeaderCompleter(this, maxHeader, date, messageId);
    }

    /** Where the client's content goes, after unstuffing. */
    ContentSink content() {
        return completer != null ? completer : this;
    }

    /** At the end of the content. */
    void finish() {
        if (completer != null) {
            completer.finish();
        }
    }

    void drainTo(List<Effect> effects) {
        if (pendingLength > 0) {
            effects.add(new Effect.MessageBytes(Arrays.copyOf(pending, pendingLength)));
            pendingLength = 0;
        }
    }

    @Override
    public void write(byte value) {
        if (pendingLength == pending.length) {
            pending = Arrays.copyOf(pending, 2 * pending.length);
        }
        pending[pendingLength++] = value;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(2 * pending.length, pendingLength + length));
        }
        System.arraycopy(bytes, offset, pending, pendingLength, length);
        pendingLength += length;
    }
}
