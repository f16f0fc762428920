package io.mailfleet.model.address;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An RFC 5321 mailbox, {@code Local-part "@" ( Domain / address-literal )}, in canonical form.
 *
 * <p>The local part keeps its case: RFC 5321 §2.4 lets the receiving host decide whether it is
 * case-sensitive, and a relay must pass it on unchanged. Our own accounts are case-insensitive,
 * which {@link #lookupKey()} and {@link #equalsIgnoreCase(MailAddress)} express; {@link #equals}
 * stays exact. Domains are lowercased A-labels, address literals canonical.
 *
 * <p>Length limits (RFC 5321 §4.5.3.1) apply both to the text as received and to the canonical
 * form, because the canonical form is what we store and send on: local part at most 64 octets,
 * domain at most 255, the whole path with its angle brackets at most 256.
 */
public final class MailAddress {

    private final String localPart;
    private final MailHost host;

    private MailAddress(String localPart, MailHost host) {
        int localOctets = SmtpChars.utf8Length(localPart);
        if (localOctets > SmtpChars.MAX_LOCAL_PART_OCTETS) {
            throw new InvalidAddressException(
                    "local part is " + localOctets + " octets, limit " + SmtpChars.MAX_LOCAL_PART_OCTETS);
        }
        checkPathLength(localOctets + 1 + host.ascii().length());
        this.localPart = localPart;
        this.host = host;
    }

    /** Parses an ASCII mailbox such as {@code user@example.com} (no angle brackets). */
    public static MailAddress parse(String text) {
        return parse(text, false);
    }

    /**
     * Parses a mailbox; UTF-8 local parts and U-label domains are accepted only with
     * {@code allowUtf8}, i.e. when the transaction uses SMTPUTF8 (RFC 6531).
     */
    public static MailAddress parse(String text, boolean allowUtf8) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new InvalidAddressException("address is empty");
        }
        checkPathLength(SmtpChars.utf8Length(text));
        LocalPartParser.Result local = LocalPartParser.parse(text, allowUtf8);
        if (local.end() >= text.length() || text.charAt(local.end()) != '@') {
            throw new InvalidAddressException("address has no '@' after the local part");
        }
        String hostText = text.substring(local.end() + 1);
        MailHost host = hostText.startsWith("[")
                ? AddressLiteral.parse(hostText)
                : Domain.parse(hostText, allowUtf8);
        return new MailAddress(local.canonical(), host);
    }

    /**
     * Parses an RFC 5321 {@code Path}, {@code <mailbox>}, accepting and discarding a source route
     * ({@code <@a.example,@b.example:user@c.example>}) as §4.1.2 and Appendix C require of servers.
     */
    public static MailAddress parsePath(String path, boolean allowUtf8) {
        Objects.requireNonNull(path, "path");
        int octets = SmtpChars.utf8Length(path);
        if (octets > SmtpChars.MAX_PATH_OCTETS) {
            throw new InvalidAddressException("path is " + octets + " octets, limit " + SmtpChars.MAX_PATH_OCTETS);
        }
        if (path.length() < 2 || path.charAt(0) != '<' || path.charAt(path.length() - 1) != '>') {
            throw new InvalidAddressException("path must be enclosed in < >");
        }
        String inner = path.substring(1, path.length() - 1);
        if (inner.startsWith("@")) {
            int colon = inner.indexOf(':');
            if (colon < 0) {
                throw new InvalidAddressException("source route is not followed by ':'");
            }
            for (String atDomain : inner.substring(0, colon).split(",", -1)) {
                if (!atDomain.startsWith("@")) {
                    throw new InvalidAddressException("source route element must be '@' and a domain");
                }
                Domain.parse(atDomain.substring(1), allowUtf8);
            }
            inner = inner.substring(colon + 1);
        }
        return parse(inner, allowUtf8);
    }

    /** Parses a MAIL FROM {@code Reverse-path}: empty for the null path {@code <>} used by bounces. */
    public static Optional<MailAddress> parseReversePath(String path, boolean allowUtf8) {
        Objects.requireNonNull(path, "path");
        return path.equals("<>") ? Optional.empty() : Optional.of(parsePath(path, allowUtf8));
    }

    private static void checkPathLength(int mailboxOctets) {
        int pathOctets = mailboxOctets + 2;
        if (pathOctets > SmtpChars.MAX_PATH_OCTETS) {
            throw new InvalidAddressException("address is " + pathOctets
                    + " octets as a path with < >, limit " + SmtpChars.MAX_PATH_OCTETS);
        }
    }

    /** The canonical local part, quoted and escaped when it is not a dot-string. */
    public String localPart() {
        return localPart;
    }

    /** The domain or address literal; route on {@link MailHost#ascii()}. */
    public MailHost host() {
        return host;
    }

    /** True when the local part is non-ASCII, so the next hop must offer SMTPUTF8 (RFC 6531 §3.2). */
    public boolean requiresSmtpUtf8() {
        return !SmtpChars.isAscii(localPart);
    }

    /** The key for finding a local account: the local part lowercased, the domain as A-labels. */
    public String lookupKey() {
        return localPart.toLowerCase(Locale.ROOT) + "@" + host.ascii();
    }

    /** Compares as account lookup does: local part ignoring case, host exactly (it is canonical). */
    public boolean equalsIgnoreCase(MailAddress other) {
        return other != null && lookupKey().equals(other.lookupKey());
    }

    /** The address for people: U-labels instead of A-labels. */
    public String toUnicodeString() {
        return localPart + "@" + host.unicode();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MailAddress other && localPart.equals(other.localPart) && host.equals(other.host);
    }

    @Override
    public int hashCode() {
        return 31 * localPart.hashCode() + host.hashCode();
    }

    /** The canonical wire and storage form, e.g. {@code "john doe"@example.com}. */
    @Override
    public String toString() {
        return localPart + "@" + host.ascii();
    }
}
