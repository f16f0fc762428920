package io.mailfleet.imap.wire;

import io.mailfleet.model.mailbox.Flag;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * A cursor over one command's text and literals, with the lexical rules of RFC 3501 §9 and RFC 9051 §9.
 * The text is a sequence of lines; each line but the last ends with a literal's announcement
 * ({@code {n}}, {@code {n+}}, {@code ~{n}}), whose octets come next. Every method consumes what it
 * returns or throws {@link ImapSyntaxException}.
 */
public final class Arguments {

    private static final String MONTHS = "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC";
    private static final long NUMBER_MAX = 0xFFFF_FFFFL;

    private final List<String> lines;
    private final List<Literal> literals;
    private int line;
    private int pos;
    private Charset charset = StandardCharsets.UTF_8;

    /** A literal's octets, and where its announcement begins in the line before it. */
    private record Literal(byte[] octets, boolean binary, int markerStart) {
    }

    private Arguments(List<String> lines, List<Literal> literals) {
        this.lines = lines;
        this.literals = literals;
    }

    /** A command without literals, as in tests and for single-line input. */
    public static Arguments of(String text) {
        return new Arguments(List.of(text), List.of());
    }

    /** Collects the lines and literals of one command in the order they arrive. */
    static final class Builder {
        private final List<String> lines = new ArrayList<>();
        private final List<Literal> literals = new ArrayList<>();

        void line(String text) {
            lines.add(text);
        }

        void literal(byte[] octets, boolean binary, int markerStart) {
            literals.add(new Literal(octets, binary, markerStart));
        }

        /** The command so far, with {@code last} as its final line. */
        Arguments build(String last) {
            List<String> all = new ArrayList<>(lines);
            all.add(last);
            return new Arguments(all, List.copyOf(literals));
        }
    }

    /** The charset of the strings that follow (SEARCH CHARSET); UTF-8 unless set. */
    public void charset(Charset charset) {
        this.charset = charset;
    }

    public boolean atEnd() {
        return line == lines.size() - 1 && pos == current().length();
    }

    /** Fails unless the whole command was consumed. */
    public void end() {
        if (!atEnd()) {
            throw error("unexpected characters at the end of the command");
        }
    }

    /** The next character, or -1 at the end of a line. */
    public int peek() {
        return pos < current().length() ? current().charAt(pos) : -1;
    }

    /** The character {@code offset} places ahead, or -1 past the end of the line. */
    public int peekAt(int offset) {
        return pos + offset < current().length() ? current().charAt(pos + offset) : -1;
    }

    /** Whether the line continues with {@code text}, in any case. */
    public boolean lookingAt(String text) {
        return current().regionMatches(true, pos, text, 0, text.length());
    }

    public boolean peekIs(char c) {
        return peek() == c;
    }

    public void expect(char c) {
        if (!tryChar(c)) {
            throw error("expected '" + c + "'");
        }
    }

    public boolean tryChar(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    public void space() {
        expect(' ');
    }

    /** Consumes {@code keyword} (any case) if it comes next as a whole atom. */
    public boolean tryKeyword(String keyword) {
        String text = current();
        int stop = pos + keyword.length();
        if (stop > text.length() || !text.regionMatches(true, pos, keyword, 0, keyword.length())
                || (stop < text.length() && Chars.isAtomChar(text.charAt(stop)))) {
            return false;
        }
        pos = stop;
        return true;
    }

    public void keyword(String keyword) {
        if (!tryKeyword(keyword)) {
            throw error("expected " + keyword);
        }
    }

    /** The characters that match, possibly none. */
    public String readWhile(IntPredicate accepted) {
        String text = current();
        int start = pos;
        while (pos < text.length() && accepted.test(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    /** {@code atom = 1*ATOM-CHAR}. */
    public String atom() {
        return nonEmpty(readWhile(Chars::isAtomChar), "expected an atom");
    }

    /** An atom in upper case, for keywords. */
    public String keywordAtom() {
        return atom().toUpperCase(Locale.ROOT);
    }

    /** {@code astring = 1*ASTRING-CHAR / string}. */
    public String astring() {
        if (startsString()) {
            return string();
        }
        return nonEmpty(readWhile(Chars::isAstringChar), "expected an atom or a string");
    }

    /** {@code list-mailbox = 1*list-char / string} (RFC 3501 §9: atoms with {@code %}, {@code *} and {@code ]}). */
    public String listMailbox() {
        if (startsString()) {
            return string();
        }
        return nonEmpty(readWhile(Chars::isListChar), "expected a mailbox pattern");
    }

    /** {@code string = quoted / literal}. */
    public String string() {
        if (peekIs('"')) {
            return quoted();
        }
        return decode(literal());
    }

    /** {@code nstring = string / nil}: null for NIL. */
    public String nstring() {
        if (tryKeyword("NIL")) {
            return null;
        }
        return string();
    }

    /** The octets of a literal; {@code ~{n}} literals are refused (RFC 3516 allows them only in APPEND). */
    public byte[] literal() {
        if (line == literals.size() || pos != literals.get(line).markerStart()) {
            throw error("expected a string");
        }
        Literal literal = literals.get(line);
        if (literal.binary()) {
            throw error("a binary literal is not allowed here");
        }
        line++;
        pos = 0;
        return literal.octets();
    }

    /** {@code number}: an unsigned 32-bit value. */
    public long number() {
        return digits(NUMBER_MAX, "number");
    }

    /** {@code nz-number}: 1 to 2^32-1. */
    public long nzNumber() {
        long value = number();
        if (value == 0) {
            throw error("expected a non-zero number");
        }
        return value;
    }

    /** {@code number64} (RFC 9051 §9): 0 to 2^63-1. */
    public long number64() {
        return digits(Long.MAX_VALUE, "number");
    }

    /** {@code flag}: a system flag or keyword as {@link Flag} accepts them. */
    public Flag flag() {
        int start = pos;
        boolean system = tryChar('\\');
        String name = atom();
        try {
            return Flag.parse(system ? "\\" + name : name);
        } catch (IllegalArgumentException e) {
            pos = start;
            throw error("bad flag: " + e.getMessage());
        }
    }

    /** {@code flag-list = "(" [flag *(SP flag)] ")"}. */
    public List<Flag> flagList() {
        expect('(');
        List<Flag> flags = new ArrayList<>();
        if (!tryChar(')')) {
            do {
                flags.add(flag());
            } while (tryChar(' '));
            expect(')');
        }
        return flags;
    }

    /** {@code date = date-text / DQUOTE date-text DQUOTE}, {@code date-text = date-day "-" date-month "-" date-year}. */
    public LocalDate date() {
        boolean quoted = tryChar('"');
        int day = (int) fixedDigits(1, 2);
        expect('-');
        int month = month();
        expect('-');
        int year = (int) fixedDigits(4, 4);
        if (quoted) {
            expect('"');
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw error("no such date");
        }
    }

    /**
     * {@code date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE},
     * where {@code date-day-fixed = (SP DIGIT) / 2DIGIT} and {@code zone = ("+" / "-") 4DIGIT}.
     */
    public OffsetDateTime dateTime() {
        expect('"');
        int day = tryChar(' ') ? (int) fixedDigits(1, 1) : (int) fixedDigits(2, 2);
        expect('-');
        int month = month();
        expect('-');
        int year = (int) fixedDigits(4, 4);
        space();
        int hour = (int) fixedDigits(2, 2);
        expect(':');
        int minute = (int) fixedDigits(2, 2);
        expect(':');
        int second = (int) fixedDigits(2, 2);
        space();
        int sign = tryChar('+') ? 1 : tryChar('-') ? -1 : 0;
        if (sign == 0) {
            throw error("expected a zone");
        }
        int zone = (int) fixedDigits(4, 4);
        expect('"');
        try {
            ZoneOffset offset = ZoneOffset.ofHoursMinutes(sign * (zone / 100), sign * (zone % 100));
            return OffsetDateTime.of(LocalDateTime.of(year, month, day, hour, minute, second), offset);
        } catch (DateTimeException e) {
            throw error("no such date-time");
        }
    }

    /** A syntax error at the cursor. */
    public ImapSyntaxException error(String message) {
        return new ImapSyntaxException(message);
    }

    private boolean startsString() {
        // "~" is an atom character too: only "~{" announces a (binary) literal.
        return peekIs('"') || peekIs('{') || (peekIs('~') && peekAt(1) == '{');
    }

    private String quoted() {
        expect('"');
        String text = current();
        StringBuilder value = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\') {
                char escaped = pos < text.length() ? text.charAt(pos++) : 0;
                if (escaped != '"' && escaped != '\\') {
                    throw error("only \\\" and \\\\ may be escaped in a quoted string");
                }
                value.append(escaped);
            } else {
                value.append(c);
            }
        }
        throw error("unterminated quoted string");
    }

    private String decode(byte[] octets) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(octets)).toString();
        } catch (CharacterCodingException e) {
            throw error("literal is not valid " + charset.name());
        }
    }

    private int month() {
        String text = current();
        if (pos + 3 > text.length()) {
            throw error("expected a month");
        }
        int index = MONTHS.indexOf(text.substring(pos, pos + 3).toUpperCase(Locale.ROOT));
        if (index < 0 || index % 3 != 0) {
            throw error("expected a month");
        }
        pos += 3;
        return index / 3 + 1;
    }

    private long digits(long max, String what) {
        String text = current();
        int start = pos;
        long value = 0;
        while (pos < text.length() && Chars.isDigit(text.charAt(pos))) {
            int digit = text.charAt(pos++) - '0';
            if (value > (max - digit) / 10) {
                throw error(what + " too large");
            }
            value = value * 10 + digit;
        }
        if (pos == start) {
            throw error("expected a " + what);
        }
        return value;
    }

    private long fixedDigits(int min, int max) {
        String text = current();
        int start = pos;
        while (pos < text.length() && pos - start < max && Chars.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos - start < min) {
            throw error("expected " + min + " digits");
        }
        return Long.parseLong(text.substring(start, pos));
    }

    private String nonEmpty(String value, String message) {
        if (value.isEmpty()) {
            throw error(message);
        }
        return value;
    }

    private String current() {
        return lines.get(line);
    }
}
