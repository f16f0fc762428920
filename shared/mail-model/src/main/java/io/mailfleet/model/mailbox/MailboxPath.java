package io.mailfleet.model.mailbox;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A user-visible mailbox name, hierarchical with {@code /} as delimiter, e.g. {@code INBOX/Lists}.
 *
 * <p>Names are decoded Unicode (the IMAP layer handles modified UTF-7) and normalised to NFC, as
 * RFC 6855 §3 expects of UTF-8 mailbox names, so that two spellings of one name cannot become two
 * mailboxes. {@code INBOX} is case-insensitive in the first segment only (RFC 3501 §5.1); every
 * other name is case-sensitive.
 */
public final class MailboxPath {

    public static final char DELIMITER = '/';
    /** Bounds key sizes and LIST output; counted in Java chars after normalisation. */
    public static final int MAX_LENGTH = 1024;
    public static final int MAX_DEPTH = 32;

    private static final String INBOX_NAME = "INBOX";

    public static final MailboxPath INBOX = new MailboxPath(List.of(INBOX_NAME));

    private final List<String> segments;
    private final String text;

    private MailboxPath(List<String> segments) {
        if (segments.size() > MAX_DEPTH) {
            throw new IllegalArgumentException(
                    "mailbox path has " + segments.size() + " levels, limit " + MAX_DEPTH);
        }
        String joined = String.join(String.valueOf(DELIMITER), segments);
        if (joined.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "mailbox path is " + joined.length() + " characters, limit " + MAX_LENGTH);
        }
        this.segments = List.copyOf(segments);
        this.text = joined;
    }

    public static MailboxPath parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("mailbox path is empty");
        }
        checkRawLength(text);
        String[] parts = Normalizer.normalize(text, Normalizer.Form.NFC).split(String.valueOf(DELIMITER), -1);
        List<String> segments = new ArrayList<>(parts.length);
        for (String part : parts) {
            segments.add(checkSegment(part));
        }
        if (isInboxName(segments.get(0))) {
            segments.set(0, INBOX_NAME);
        }
        return new MailboxPath(segments);
    }

    /** Checked before normalising too, so that an oversized name costs no more than a length check. */
    private static void checkRawLength(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "mailbox path is " + text.length() + " characters, limit " + MAX_LENGTH);
        }
    }

    private static String checkSegment(String segment) {
        if (segment.isEmpty()) {
            throw new IllegalArgumentException("mailbox path has an empty level (leading, trailing or doubled '/')");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                throw new IllegalArgumentException(String.format("mailbox name contains control character U+%04X", (int) c));
            }
            if (c == DELIMITER) {
                throw new IllegalArgumentException("mailbox name contains the delimiter '/'");
            }
        }
        if (segment.codePoints().anyMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
            throw new IllegalArgumentException("mailbox name contains an unpaired surrogate");
        }
        return segment;
    }

    /** IMAP case-insensitivity is ASCII-only: "ınbox" with a dotless i must not become INBOX. */
    private static boolean isInboxName(String segment) {
        return segment.length() == INBOX_NAME.length()
                && segment.chars().allMatch(c -> c < 0x80)
                && segment.equalsIgnoreCase(INBOX_NAME);
    }

    /** The levels from the top, e.g. {@code [INBOX, Lists]}; immutable. */
    public List<String> segments() {
        return segments;
    }

    /** The last level, the name a client shows for this mailbox. */
    public String name() {
        return segments.get(segments.size() - 1);
    }

    public int depth() {
        return segments.size();
    }

    /** The enclosing mailbox, empty for a top-level one. */
    public Optional<MailboxPath> parent() {
        return segments.size() == 1
                ? Optional.empty()
                : Optional.of(new MailboxPath(segments.subList(0, segments.size() - 1)));
    }

    /** The path one level below; {@code name} is a single level, so it must not contain {@code /}. */
    public MailboxPath child(String name) {
        Objects.requireNonNull(name, "name");
        checkRawLength(name);
        List<String> childSegments = new ArrayList<>(segments);
        childSegments.add(checkSegment(Normalizer.normalize(name, Normalizer.Form.NFC)));
        return new MailboxPath(childSegments);
    }

    public boolean isInbox() {
        return equals(INBOX);
    }

    /** True for a strict ancestor: {@code INBOX} is an ancestor of {@code INBOX/a/b}, not of itself. */
    public boolean isAncestorOf(MailboxPath other) {
        return other.segments.size() > segments.size()
                && other.segments.subList(0, segments.size()).equals(segments);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MailboxPath other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
