package io.mailfleet.imap.response;

import java.util.Objects;

/**
 * A status response (RFC 3501 §7.1, RFC 9051 §7.1): tagged {@code a1 OK [code] text}, or untagged
 * ({@code tag} null) {@code * OK}, {@code * NO}, {@code * BAD}, {@code * PREAUTH} and {@code * BYE}.
 *
 * @param code null when there is none
 */
public record StatusResponse(String tag, Condition condition, ResponseCode code, String text) implements Response {

    public enum Condition { OK, NO, BAD, PREAUTH, BYE }

    public StatusResponse {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(text, "text");
        if (tag != null && (condition == Condition.PREAUTH || condition == Condition.BYE)) {
            throw new IllegalArgumentException(condition + " is always untagged");
        }
        if (tag != null && !ResponseWriter.isAtom(tag, true)) {
            throw new IllegalArgumentException("not a tag: " + tag);
        }
        // resp-text must not be empty, and a CR or LF would end the response early.
        if (text.isEmpty() || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("response text must be one non-empty line");
        }
    }

    public static StatusResponse tagged(String tag, Condition condition, ResponseCode code, String text) {
        return new StatusResponse(Objects.requireNonNull(tag, "tag"), condition, code, text);
    }

    public static StatusResponse ok(String tag, String text) {
        return tagged(tag, Condition.OK, null, text);
    }

    public static StatusResponse no(String tag, String text) {
        return tagged(tag, Condition.NO, null, text);
    }

    public static StatusResponse untagged(Condition condition, ResponseCode code, String text) {
        return new StatusResponse(null, condition, code, text);
    }

    public static StatusResponse bye(String text) {
        return untagged(Condition.BYE, null, text);
    }

    @Override
    public void writeTo(ResponseWriter out) {
        out.raw(tag == null ? "*" : tag).sp().raw(condition.name()).sp();
        if (code != null) {
            out.raw("[");
            code.writeTo(out);
            out.raw("] ");
        }
        // Non-ASCII text is valid only where the client takes UTF-8 (RFC 9051 resp-text).
        out.raw(out.utf8() ? text : text.replaceAll("[^\\x20-\\x7E]", "?")).crlf();
    }
}
