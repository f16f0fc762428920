package io.mailfleet.smtp;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Collects the stored form of a message while input is processed and hands it out as
 * {@link Effect.MessageBytes}, one per processing step, so the whole message is never held.
 */
final class MessageOutput implements ContentSink {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private HeaderCompleter completer;

    /** Starts with the trace header, ahead of everything the client sent (RFC 5321 §4.4). */
    MessageOutput(byte[] traceHeader) {
        pending.writeBytes(traceHeader);
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
        if (pending.size() > 0) {
            effects.add(new Effect.MessageBytes(pending.toByteArray()));
            pending.reset();
        }
    }

    @Override
    public void write(byte value) {
        pending.write(value);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        pending.write(bytes, offset, length);
    }
}
