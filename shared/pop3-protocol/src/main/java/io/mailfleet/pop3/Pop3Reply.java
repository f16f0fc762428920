package io.mailfleet.pop3;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One response of the server (RFC 1939 §3): a status line, and for a multi-line response the lines
 * after it and the terminating {@code .}. Response codes (RFC 2449 §8, RFC 3206) are part of the
 * text, e.g. {@code [SYS/TEMP] ...}.
 *
 * <p>The body of RETR and TOP is not a reply: the wiring streams it through a {@link MultilineEncoder}
 * after the single {@code +OK} line of this type.
 *
 * @param status {@code +OK}, {@code -ERR} or the {@code +} of a SASL continuation (RFC 5034 §4)
 * @param text the text after the status indicator; for a continuation, the base64 challenge
 * @param lines the lines of a multi-line response, without dot-stuffing and line ends
 * @param multiline whether the lines and the terminating {@code .} follow (so even an empty list is sent)
 */
public record Pop3Reply(Status status, String text, List<String> lines, boolean multiline) {

    /** The status indicator that begins the response. */
    public enum Status {
        OK("+OK"),
        ERR("-ERR"),
        CONTINUATION("+");

        private final String indicator;

        Status(String indicator) {
            this.indicator = indicator;
        }

        public String indicator() {
            return indicator;
        }
    }

    public Pop3Reply {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(text, "text");
        lines = List.copyOf(lines);
        requireOneLine(text);
        lines.forEach(Pop3Reply::requireOneLine);
        if (multiline && status != Status.OK) {
            throw new IllegalArgumentException("only a positive response can be multi-line");
        }
        if (!multiline && !lines.isEmpty()) {
            throw new IllegalArgumentException("a single-line response has no further lines");
        }
    }

    public static Pop3Reply ok(String text) {
        return new Pop3Reply(Status.OK, text, List.of(), false);
    }

    public static Pop3Reply err(String text) {
        return new Pop3Reply(Status.ERR, text, List.of(), false);
    }

    /** {@code +OK text}, then the lines and {@code .}. */
    public static Pop3Reply multiline(String text, List<String> lines) {
        return new Pop3Reply(Status.OK, text, lines, true);
    }

    /** {@code + challenge}: RFC 5034 §4 keeps the space even when the challenge is empty. */
    public static Pop3Reply continuation(String base64Challenge) {
        return new Pop3Reply(Status.CONTINUATION, base64Challenge, List.of(), false);
    }

    /** The wire form: CRLF line ends, lines dot-stuffed (RFC 1939 §3). */
    public byte[] toBytes() {
        StringBuilder wire = new StringBuilder(status.indicator());
        if (!text.isEmpty() || status == Status.CONTINUATION) {
            wire.append(' ').append(text);
        }
        wire.append("\r\n");
        if (multiline) {
            for (String line : lines) {
                if (line.startsWith(".")) {
                    wire.append('.');
                }
                wire.append(line).append("\r\n");
            }
            wire.append(".\r\n");
        }
        return wire.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }

    private static void requireOneLine(String text) {
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("response text must not contain CR or LF");
        }
    }
}
