package io.mailfleet.model.address;

/**
 * Reads the RFC 5321 {@code Local-part} at the start of a mailbox and writes it back canonically:
 * a quoted string whose content is a valid dot-string loses its quotes, any other keeps them with
 * only {@code "} and {@code \} escaped. One spelling per mailbox keeps equality and storage keys exact.
 */
final class LocalPartParser {

    /** The canonical local part and the index of the character after it (where '@' must be). */
    record Result(String canonical, int end) {
    }

    private LocalPartParser() {
    }

    static Result parse(String text, boolean allowUtf8) {
        return text.startsWith("\"") ? parseQuoted(text, allowUtf8) : parseDotString(text, allowUtf8);
    }

    private static Result parseDotString(String text, boolean allowUtf8) {
        int i = 0;
        while (i < text.length() && text.charAt(i) != '@') {
            int cp = text.codePointAt(i);
            if (cp != '.' && !SmtpChars.isAtext(cp, allowUtf8)) {
                throw invalidCharacter(cp, i, allowUtf8);
            }
            i += Character.charCount(cp);
        }
        String local = text.substring(0, i);
        if (local.isEmpty()) {
            throw new InvalidAddressException("local part is empty");
        }
        if (!SmtpChars.isDotString(local, allowUtf8)) {
            throw new InvalidAddressException("local part has a leading, trailing or doubled '.'; quote it");
        }
        return new Result(local, i);
    }

    private static Result parseQuoted(String text, boolean allowUtf8) {
        StringBuilder content = new StringBuilder();
        int i = 1;
        while (true) {
            if (i >= text.length()) {
                throw new InvalidAddressException("quoted local part has no closing '\"'");
            }
            int cp = text.codePointAt(i);
            if (cp == '"') {
                return new Result(canonical(content.toString()), i + 1);
            }
            if (cp == '\\') {
                if (i + 1 >= text.length() || !SmtpChars.isQuotablePair(text.charAt(i + 1))) {
                    throw new InvalidAddressException("quoted local part has '\\' not followed by printable ASCII");
                }
                content.append(text.charAt(i + 1));
                i += 2;
                continue;
            }
            if (!SmtpChars.isQtext(cp, allowUtf8)) {
                throw invalidCharacter(cp, i, allowUtf8);
            }
            content.appendCodePoint(cp);
            i += Character.charCount(cp);
        }
    }

    private static String canonical(String content) {
        // Non-ASCII content got this far only with UTF-8 allowed, so the check may allow it too.
        if (SmtpChars.isDotString(content, true)) {
            return content;
        }
        return '"' + content.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static InvalidAddressException invalidCharacter(int cp, int index, boolean allowUtf8) {
        if (cp >= 0x80 && !allowUtf8 && SmtpChars.isNonAsciiText(cp)) {
            return new InvalidAddressException("local part contains non-ASCII characters, which need SMTPUTF8");
        }
        return new InvalidAddressException(
                "local part contains invalid character " + SmtpChars.describe(cp) + " at index " + index);
    }
}
