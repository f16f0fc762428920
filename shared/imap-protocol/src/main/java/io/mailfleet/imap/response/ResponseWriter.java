package io.mailfleet.imap.response;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import io.mailfleet.imap.wire.ModifiedUtf7;

/**
 * Writes the pieces of server responses (RFC 3501 §4, RFC 9051 §4) into one growing buffer, choosing each
 * string's form by its content: an atom where the grammar allows one and the text is an atom, a quoted
 * string for short single-line text, else a literal.
 *
 * <p>{@code utf8} says whether the session may receive UTF-8 in quoted strings and mailbox names: true
 * once the client enabled UTF8=ACCEPT (RFC 6855) or IMAP4rev2 (RFC 9051 §5.1); otherwise mailbox names go
 * out in modified UTF-7 and other non-ASCII text in literals.
 */
public final class ResponseWriter {

    /** Longer text goes into a literal, which the client can size before reading. */
    static final int MAX_QUOTED_OCTETS = 1024;

    private static final String ATOM_SPECIALS = "(){ %*\"\\]";

    private final boolean utf8;
    private byte[] bytes = new byte[128];
    private int length;

    public ResponseWriter(boolean utf8) {
        this.utf8 = utf8;
    }

    public boolean utf8() {
        return utf8;
    }

    /** Text the caller knows to be valid here as it is: keywords, punctuation, pre-rendered IMAP data. */
    public ResponseWriter raw(String text) {
        return octets(text.getBytes(StandardCharsets.UTF_8));
    }

    public ResponseWriter octets(byte[] data) {
        ensure(data.length);
        System.arraycopy(data, 0, bytes, length, data.length);
        length += data.length;
        return this;
    }

    public ResponseWriter sp() {
        return raw(" ");
    }

    public ResponseWriter crlf() {
        return raw("\r\n");
    }

    public ResponseWriter number(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("IMAP numbers are unsigned: " + value);
        }
        return raw(Long.toString(value));
    }

    /** An {@code atom}; fails if {@code text} is not one. */
    public ResponseWriter atom(String text) {
        if (!isAtom(text, false)) {
            throw new IllegalArgumentException("not an IMAP atom: " + text);
        }
        return raw(text);
    }

    /** A {@code string}: quoted or a literal. */
    public ResponseWriter string(String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL cannot be sent in an IMAP string");
        }
        if (quotable(text, data.length)) {
            ensure(data.length * 2 + 2);
            bytes[length++] = '"';
            for (byte b : data) {
                if (b == '"' || b == '\\') {
                    bytes[length++] = '\\';
                }
                bytes[length++] = b;
            }
            bytes[length++] = '"';
            return this;
        }
        literalHeader(data.length, false);
        return octets(data);
    }

    /** An {@code astring}: an atom when the text is one (a {@code ]} included), else a string. */
    public ResponseWriter astring(String text) {
        return isAtom(text, true) ? raw(text) : string(text);
    }

    /** An {@code nstring}: NIL for null, else a string. */
    public ResponseWriter nstring(String text) {
        return text == null ? raw("NIL") : string(text);
    }

    /**
     * A {@code mailbox}: INBOX in any case as {@code INBOX}, other names in modified UTF-7 unless the
     * session takes UTF-8.
     */
    public ResponseWriter mailbox(String name) {
        if (name.toUpperCase(Locale.ROOT).equals("INBOX")) {
            return raw("INBOX");
        }
        String wire = utf8 ? name : ModifiedUtf7.encode(name);
        return astring(wire);
    }

    /**
     * The head of a literal, {@code {n}} or for binary data {@code ~{n}} (RFC 3516 literal8), with its CRLF;
     * exactly {@code octets} octets must follow.
     */
    public ResponseWriter literalHeader(long octets, boolean binary) {
        if (octets < 0) {
            throw new IllegalArgumentException("negative literal length " + octets);
        }
        return raw((binary ? "~{" : "{") + octets + "}\r\n");
    }

    /** A parenthesized list of atoms, e.g. flags or capabilities, {@code ()} when empty. */
    public ResponseWriter atomList(Iterable<String> atoms) {
        raw("(");
        boolean first = true;
        for (String atom : atoms) {
            if (!first) {
                sp();
            }
            raw(atom);
            first = false;
        }
        return raw(")");
    }

    /** The octets written so far. */
    public int length() {
        return length;
    }

    public byte[] toBytes() {
        return Arrays.copyOf(bytes, length);
    }

    /** Takes what was written so far and starts empty. */
    public byte[] drain() {
        byte[] out = toBytes();
        length = 0;
        return out;
    }

    private boolean quotable(String text, int octets) {
        if (octets > MAX_QUOTED_OCTETS) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || (c >= 0x80 && !utf8)) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3501 atom, or with {@code astring} its ASTRING-CHAR form that also allows {@code ]}. */
    static boolean isAtom(String text, boolean astring) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7F || (ATOM_SPECIALS.indexOf(c) >= 0 && !(astring && c == ']'))) {
                return false;
            }
        }
        return true;
    }

    private void ensure(int extra) {
        if (length + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
        }
    }
}
