package io.mailfleet.model.mailbox;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One IMAP message flag: a system flag such as {@code \Seen} or a keyword such as {@code $Junk}
 * (RFC 3501 §2.3.2, {@code flag-keyword = atom}). Flags compare case-insensitively; a keyword keeps
 * the spelling it was given.
 *
 * <p>{@code \Recent} is not a flag here. It belongs to one IMAP session (the first session to see
 * a message), cannot be set by clients, and IMAP4rev2 dropped it; the IMAP gateway computes it
 * per session, so storing it would only be wrong for every other session.
 */
public final class Flag {

    public static final Flag SEEN = new Flag("\\Seen");
    public static final Flag ANSWERED = new Flag("\\Answered");
    public static final Flag FLAGGED = new Flag("\\Flagged");
    public static final Flag DELETED = new Flag("\\Deleted");
    public static final Flag DRAFT = new Flag("\\Draft");

    /** The flags RFC 3501 defines that a client may set, in the order servers usually list them. */
    public static final List<Flag> SYSTEM_FLAGS = List.of(ANSWERED, FLAGGED, DELETED, SEEN, DRAFT);

    /** Bounds what one keyword costs in storage and in every FETCH FLAGS response. */
    public static final int MAX_KEYWORD_LENGTH = 255;

    private static final String RECENT_KEY = "\\recent";
    private static final String NON_ATOM_CHARS = "(){%*\"\\]";

    private final String name;
    private final String key;

    private Flag(String name) {
        this.name = name;
        this.key = name.toLowerCase(Locale.ROOT);
    }

    public static Flag parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("flag is empty");
        }
        if (text.length() > MAX_KEYWORD_LENGTH) {
            throw new IllegalArgumentException("flag is " + text.length() + " characters, limit " + MAX_KEYWORD_LENGTH);
        }
        if (text.charAt(0) == '\\') {
            return systemFlag(text);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isAtomChar(c)) {
                throw new IllegalArgumentException(
                        String.format("keyword contains U+%04X, which is not an IMAP atom character", (int) c));
            }
        }
        return new Flag(text);
    }

    private static Flag systemFlag(String text) {
        // The system names are ASCII; lowercasing non-ASCII could map a look-alike onto one of them.
        String key = text.chars().allMatch(c -> c < 0x80) ? text.toLowerCase(Locale.ROOT) : "";
        for (Flag flag : SYSTEM_FLAGS) {
            if (flag.key.equals(key)) {
                return flag;
            }
        }
        if (key.equals(RECENT_KEY)) {
            throw new IllegalArgumentException("\\Recent is per-session state and cannot be stored or set");
        }
        throw new IllegalArgumentException("unknown system flag; keywords cannot start with '\\'");
    }

    /** RFC 3501 ATOM-CHAR: printable ASCII except atom-specials. */
    private static boolean isAtomChar(char c) {
        return c > 0x20 && c < 0x7F && NON_ATOM_CHARS.indexOf(c) < 0;
    }

    /** The spelling to show and store, e.g. {@code \Seen} or {@code $Forwarded}. */
    public String name() {
        return name;
    }

    public boolean isSystem() {
        return name.charAt(0) == '\\';
    }

    /** The case-folded form that equality and ordering use. */
    String key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Flag other && key.equals(other.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
