package io.mailfleet.mime.field;

import java.util.ArrayList;
import java.util.List;

import io.mailfleet.mime.model.Address;

/**
 * RFC 5322 address lists (with the obsolete forms of §4.4 read leniently) into IMAP address
 * entries, groups flattened into start and end markers.
 *
 * <p>Written here rather than taken from mime4j because ENVELOPE needs the display name as
 * written, while mime4j's address parsers always decode it, and mime4j's lenient parser reads
 * domains one octet per character, which garbles RFC 6532 UTF-8 domains.
 *
 * <p>The display name of an address written the RFC 822 way, {@code user@host (Full Name)}, is
 * taken from the comment, as mail clients show it.
 */
public final class AddressListParser {

    private final String text;
    private int pos;
    private String lastComment;

    private AddressListParser(String text) {
        this.text = text;
    }

    /** Parses an unfolded header value; never fails, malformed parts become best-effort entries. */
    public static List<Address> parse(String headerValue) {
        return new AddressListParser(headerValue).addressList();
    }

    private List<Address> addressList() {
        List<Address> addresses = new ArrayList<>();
        while (true) {
            skipSeparators(false);
            if (atEnd()) {
                return addresses;
            }
            int before = pos;
            address(addresses, false);
            if (pos == before) {
                pos++;
            }
        }
    }

    private void address(List<Address> out, boolean inGroup) {
        Phrase phrase = phrase(inGroup);
        char next = atEnd() ? 0 : text.charAt(pos);
        if (next == ':' && !inGroup) {
            pos++;
            group(phrase, out);
        } else if (next == '<') {
            angleAddress(phrase, out);
        } else if (next == '@') {
            pos++;
            lastComment = null;
            String host = domain();
            skipCfws();
            String name = lastComment;
            out.add(Address.mailbox(name, null, phrase.localPart(), host, decode(name)));
        } else if (!phrase.isEmpty()) {
            out.add(Address.mailbox(null, null, phrase.localPart(), "", null));
        }
    }

    private void group(Phrase phrase, List<Address> out) {
        String name = phrase.display();
        out.add(Address.groupStart(name, decode(name)));
        while (true) {
            skipSeparators(true);
            if (atEnd()) {
                break;
            }
            if (text.charAt(pos) == ';') {
                pos++;
                break;
            }
            int before = pos;
            address(out, true);
            if (pos == before) {
                pos++;
            }
        }
        out.add(Address.groupEnd());
    }

    private void angleAddress(Phrase phrase, List<Address> out) {
        pos++;
        skipCfws();
        String adl = route();
        String mailbox = localPart();
        String host = "";
        if (!atEnd() && text.charAt(pos) == '@') {
            pos++;
            host = domain();
        }
        skipCfws();
        if (!atEnd() && text.charAt(pos) == '>') {
            pos++;
        }
        String name = phrase.isEmpty() ? null : phrase.display();
        out.add(Address.mailbox(name, adl, mailbox, host, decode(name)));
    }

    // obs-route: "@a.example,@b.example:" before the local part; null when there is none.
    private String route() {
        if (atEnd() || text.charAt(pos) != '@') {
            return null;
        }
        // Looking no further than this angle address keeps a list of many addresses linear.
        int colon = pos;
        while (colon < text.length() && ":<>;\"".indexOf(text.charAt(colon)) < 0) {
            colon++;
        }
        if (colon == text.length() || text.charAt(colon) != ':') {
            return null;
        }
        StringBuilder route = new StringBuilder();
        for (int i = pos; i < colon; i++) {
            char c = text.charAt(i);
            if (!isSpace(c)) {
                route.append(c);
            }
        }
        pos = colon + 1;
        skipCfws();
        return route.toString();
    }

    private String localPart() {
        StringBuilder local = new StringBuilder();
        while (true) {
            skipCfws();
            if (atEnd()) {
                break;
            }
            char c = text.charAt(pos);
            if (c == '"') {
                local.append(quotedString().raw);
            } else if (isAtomChar(c)) {
                local.append(atom());
            } else {
                break;
            }
        }
        return local.toString();
    }

    private String domain() {
        StringBuilder domain = new StringBuilder();
        skipCfws();
        while (!atEnd()) {
            char c = text.charAt(pos);
            if (c == '[') {
                int close = text.indexOf(']', pos);
                int end = close < 0 ? text.length() : close + 1;
                domain.append(text, pos, end);
                pos = end;
            } else if (isAtomChar(c)) {
                domain.append(atom());
            } else {
                break;
            }
            // CFWS may surround the dots of an obs-domain, but white space between two atoms
            // means a new address whose comma is missing.
            int afterAtom = pos;
            skipCfws();
            boolean continues = !atEnd() && text.charAt(pos) == '.' || endsWithDot(domain);
            if (!continues) {
                pos = afterAtom;
                break;
            }
        }
        return domain.toString();
    }

    private Phrase phrase(boolean inGroup) {
        Phrase phrase = new Phrase();
        while (true) {
            skipCfws();
            if (atEnd()) {
                return phrase;
            }
            char c = text.charAt(pos);
            if (c == '"') {
                phrase.add(quotedString());
            } else if (c == '<' || c == '@' || c == ',' || c == ';' || (c == ':' && !inGroup)) {
                return phrase;
            } else if (isAtomChar(c)) {
                String atom = atom();
                phrase.add(new Word(atom, atom));
            } else {
                // Stray ':' inside a group, '>' or ')': not part of any word.
                pos++;
            }
        }
    }

    private Word quotedString() {
        int start = pos;
        StringBuilder content = new StringBuilder();
        pos++;
        while (!atEnd()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                break;
            }
            if (c == '\\' && !atEnd()) {
                c = text.charAt(pos++);
            }
            content.append(c);
        }
        return new Word(text.substring(start, pos), content.toString());
    }

    private String atom() {
        int start = pos;
        while (!atEnd() && isAtomChar(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private void skipSeparators(boolean inGroup) {
        while (true) {
            skipCfws();
            if (atEnd()) {
                return;
            }
            char c = text.charAt(pos);
            if (c == ',' || (c == ';' && !inGroup) || c == '>' || c == ')') {
                pos++;
            } else {
                return;
            }
        }
    }

    // Skips white space and comments, remembering the text of the last comment.
    private void skipCfws() {
        while (!atEnd()) {
            char c = text.charAt(pos);
            if (isSpace(c)) {
                pos++;
            } else if (c == '(') {
                lastComment = comment();
            } else {
                return;
            }
        }
    }

    private String comment() {
        StringBuilder content = new StringBuilder();
        int depth = 0;
        while (!atEnd()) {
            char c = text.charAt(pos++);
            if (c == '\\' && !atEnd()) {
                content.append(text.charAt(pos++));
                continue;
            }
            if (c == '(') {
                depth++;
                if (depth == 1) {
                    continue;
                }
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    break;
                }
            }
            content.append(c);
        }
        return HeaderText.trim(content.toString());
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private static boolean endsWithDot(StringBuilder text) {
        return text.length() > 0 && text.charAt(text.length() - 1) == '.';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    // atext plus '.', '[' and ']' so that dot-atoms and obs-phrases read as one word.
    private static boolean isAtomChar(char c) {
        return !isSpace(c) && "()<>@,;:\"\\".indexOf(c) < 0;
    }

    private static String decode(String name) {
        return name == null ? null : HeaderText.decodeEncodedWords(name);
    }

    /** One word of a phrase: as written, and as it reads (quotes and escapes removed). */
    private record Word(String raw, String content) {
    }

    /** The words before an address or group, kept both as a display phrase and as a local part. */
    private static final class Phrase {
        private final List<Word> words = new ArrayList<>();

        void add(Word word) {
            words.add(word);
        }

        boolean isEmpty() {
            return words.isEmpty();
        }

        String display() {
            StringBuilder display = new StringBuilder();
            for (Word word : words) {
                if (display.length() > 0) {
                    display.append(' ');
                }
                display.append(word.content());
            }
            return display.toString();
        }

        // A local part keeps its quoting so that mailbox@host stays a valid address.
        String localPart() {
            StringBuilder local = new StringBuilder();
            for (Word word : words) {
                local.append(word.raw());
            }
            return local.toString();
        }
    }
}
