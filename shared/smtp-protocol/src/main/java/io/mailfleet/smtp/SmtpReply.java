package io.mailfleet.smtp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One SMTP reply: a three-digit code, an optional enhanced status code (RFC 2034, RFC 3463) and
 * one or more text lines.
 *
 * <p>The enhanced code is repeated on every line of a multi-line reply, as RFC 2034 §4 asks. It is
 * absent only where RFC 2034 exempts it (the greeting, the HELO/EHLO replies) and on 3xx
 * intermediate replies, for which RFC 3463 defines no class.
 */
public record SmtpReply(int code, Optional<String> enhancedCode, List<String> lines) {

    private static final Pattern ENHANCED = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code must be 2xx to 5xx: " + code);
        }
        Objects.requireNonNull(enhancedCode, "enhancedCode");
        enhancedCode.ifPresent(enhanced -> {
            if (!ENHANCED.matcher(enhanced).matches() || enhanced.charAt(0) - '0' != code / 100) {
                throw new IllegalArgumentException("enhanced code " + enhanced + " does not fit reply " + code);
            }
        });
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
        for (String line : lines) {
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("reply text must not contain CR or LF");
            }
        }
    }

    /** A reply with an enhanced status code on every line. */
    public static SmtpReply of(int code, String enhancedCode, String... lines) {
        return new SmtpReply(code, Optional.of(enhancedCode), List.of(lines));
    }

    /** A reply without an enhanced status code (greeting, HELO/EHLO, 3xx). */
    public static SmtpReply plain(int code, String... lines) {
        return new SmtpReply(code, Optional.empty(), List.of(lines));
    }

    /** 4xx or 5xx. */
    public boolean isFailure() {
        return code >= 400;
    }

    /** The wire form: {@code code-text} for all but the last line, {@code code text} last (RFC 5321 §4.2.1). */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            StringBuilder line = new StringBuilder().append(code).append(i == lines.size() - 1 ? ' ' : '-');
            enhancedCode.ifPresent(enhanced -> line.append(enhanced).append(' '));
            line.append(lines.get(i)).append("\r\n");
            out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }
}
