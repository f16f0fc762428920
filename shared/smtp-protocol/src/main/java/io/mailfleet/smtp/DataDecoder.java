package io.mailfleet.smtp;

import io.mailfleet.protocol.InputBuffer;

/**
 * Reads DATA content (RFC 5321 §4.5.2): removes dot-stuffing and finds the end of data, which is
 * only a line holding a single dot after a CRLF, i.e. the octets CRLF "." CRLF (with the CRLF of
 * the DATA command counting as the first).
 *
 * <p>A CR or LF outside a CRLF pair is refused rather than repaired: servers that read it as a
 * line end disagree with those that do not about where data ends, which is how SMTP smuggling
 * hides a second message in the first. After such an octet no content is passed on, but input is
 * still read to the real end of data so that the session stays in step with the client.
 */
final class DataDecoder {

    private enum State { LINE_START, IN_LINE, CR, DOT, DOT_CR }

    private final long maxSize;
    private final int maxLine;
    private State state = State.LINE_START;
    private int lineLength;
    private long size;
    private AbortReason violation;

    DataDecoder(long maxSize, int maxLine) {
        this.maxSize = maxSize;
        this.maxLine = maxLine;
    }

    /** Consumes input up to and including the end of data; true when it was found. */
    boolean decode(InputBuffer in, ContentSink sink) {
        int available = in.available();
        for (int i = 0; i < available; i++) {
            if (step(in.get(i), sink)) {
                in.skip(i + 1);
                return true;
            }
        }
        in.skip(available);
        return false;
    }

    /** The content octets after unstuffing, counted until a violation. */
    long size() {
        return size;
    }

    /** The first rule the content broke, or null. */
    AbortReason violation() {
        return violation;
    }

    private boolean step(byte b, ContentSink sink) {
        lineLength++;
        if (lineLength > maxLine) {
            violate(AbortReason.LINE_TOO_LONG);
        }
        switch (state) {
            case LINE_START -> {
                if (b == '.') {
                    state = State.DOT;
                } else {
                    inLine(b, sink);
                }
            }
            case DOT -> {
                if (b == '\r') {
                    state = State.DOT_CR;
                } else {
                    // A leading dot with more on the line is removed (§4.5.2); the rest is ordinary.
                    inLine(b, sink);
                }
            }
            case DOT_CR -> {
                if (b == '\n') {
                    return true;
                }
                violate(AbortReason.BARE_LINE_ENDING);
                inLine(b, sink);
            }
            case CR -> {
                if (b == '\n') {
                    emit(sink, (byte) '\r');
                    emit(sink, (byte) '\n');
                    state = State.LINE_START;
                    lineLength = 0;
                } else {
                    violate(AbortReason.BARE_LINE_ENDING);
                    inLine(b, sink);
                }
            }
            case IN_LINE -> inLine(b, sink);
            default -> throw new IllegalStateException(state.name());
        }
        return false;
    }

    private void inLine(byte b, ContentSink sink) {
        if (b == '\r') {
            state = State.CR;
            return;
        }
        if (b == '\n') {
            // A bare LF does not start a new line: "\n.\r\n" is content, never the end of data.
            violate(AbortReason.BARE_LINE_ENDING);
        } else {
            emit(sink, b);
        }
        state = State.IN_LINE;
    }

    private void emit(ContentSink sink, byte b) {
        if (violation != null) {
            return;
        }
        size++;
        if (size > maxSize) {
            violate(AbortReason.SIZE_EXCEEDED);
            return;
        }
        sink.write(b);
    }

    private void violate(AbortReason reason) {
        if (violation == null) {
            violation = reason;
        }
    }
}
