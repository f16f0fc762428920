package io.mailfleet.imap.response;

import java.util.Base64;
import java.util.Objects;

/** A continuation request (RFC 3501 §7.5): {@code + text} before a literal or {@code + base64} in AUTHENTICATE. */
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

    /** A SASL challenge; an empty one is {@code + } and nothing more (RFC 9051 §6.2.2). */
    public static Continuation challenge(byte[] challenge) {
        return new Continuation(Base64.getEncoder().encodeToString(challenge));
    }

    @Override
    public void writeTo(ResponseWriter out) {
        out.raw("+ ").raw(line).crlf();
    }
}
