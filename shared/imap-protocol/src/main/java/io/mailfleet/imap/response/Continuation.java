package io.mailfleet.imap.response;

import java.util.Objects;

/**
 * A continuation request (RFC 3501 §7.5): {@code + text} before a literal, or a base64 SASL challenge in
 * AUTHENTICATE, where an empty one is {@code + } and nothing more (RFC 9051 §6.2.2).
 */
public record Continuation(String line) implements Response {

    public Continuation {
        Objects.requireNonNull(line, "line");
        if (line.chars().anyMatch(c -> c < 0x20 || c > 0x7E)) {
            throw new IllegalArgumentException("continuation text must be printable ASCII");
        }
    }

    public static Continuation text(String text) {
        return new Continuation(text);
    }

    @Override
    public void writeTo(ResponseWriter out) {
        out.raw("+ ").raw(line).crlf();
    }
}
