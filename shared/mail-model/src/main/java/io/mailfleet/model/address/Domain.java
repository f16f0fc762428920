package io.mailfleet.model.address;

import java.net.IDN;
import java.util.Locale;
import java.util.Objects;

/**
 * A domain name as RFC 5321 §4.1.2 allows it: dot-separated LDH labels, held lowercased in A-label
 * form so that routing, storage and comparison see a single spelling.
 *
 * <p>Internationalised names are converted with {@link IDN}, which implements IDNA2003; for the few
 * characters where IDNA2008 differs (for example {@code ß}) the A-label follows IDNA2003.
 */
public final class Domain implements MailHost {

    private final String ascii;
    private final String unicode;

    private Domain(String ascii) {
        this.ascii = ascii;
        this.unicode = forPeople(ascii);
    }

    /**
     * The name with U-labels, if that names the same domain. {@link IDN#toUnicode} decodes any
     * {@code xn--} label, also one that is no valid A-label (RFC 5890 §2.3.2.1) and whose decoded
     * form does not convert back; such a name is shown as written.
     */
    private static String forPeople(String ascii) {
        String unicode = IDN.toUnicode(ascii);
        try {
            if (IDN.toASCII(unicode, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT).equals(ascii)) {
                return unicode;
            }
        } catch (IllegalArgumentException notALabel) {
            // Falls through to the name as written.
        }
        return ascii;
    }

    /** Parses an ASCII domain; A-labels ({@code xn--…}) are ASCII and therefore accepted. */
    public static Domain parse(String text) {
        return parse(text, false);
    }

    /**
     * Parses a domain; U-labels are accepted only with {@code allowUtf8}, i.e. when the peer
     * negotiated SMTPUTF8 (RFC 6531), and are converted to A-labels.
     */
    public static Domain parse(String text, boolean allowUtf8) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new InvalidAddressException("domain is empty");
        }
        // A Java char never encodes to fewer than one octet, so this bounds the work below.
        if (text.length() > SmtpChars.MAX_DOMAIN_OCTETS) {
            throw new InvalidAddressException("domain is longer than " + SmtpChars.MAX_DOMAIN_OCTETS + " octets");
        }
        if (SmtpChars.isAscii(text)) {
            return new Domain(checkLdh(text.toLowerCase(Locale.ROOT)));
        }
        if (!allowUtf8) {
            throw new InvalidAddressException("domain contains non-ASCII characters, which need SMTPUTF8");
        }
        String aLabels;
        try {
            aLabels = IDN.toASCII(text, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw new InvalidAddressException("invalid internationalised domain: " + e.getMessage());
        }
        return new Domain(checkLdh(aLabels.toLowerCase(Locale.ROOT)));
    }

    private static String checkLdh(String name) {
        if (name.length() > SmtpChars.MAX_DOMAIN_OCTETS) {
            throw new InvalidAddressException(
                    "domain is " + name.length() + " octets, limit " + SmtpChars.MAX_DOMAIN_OCTETS);
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            checkLabel(label);
        }
        // RFC 3696 §2: no top-level domain is all-numeric, so "1.2.3.4" is a mistyped address literal.
        if (labels[labels.length - 1].chars().allMatch(SmtpChars::isDigit)) {
            throw new InvalidAddressException(
                    "top-level label is all-numeric; an IP address must be written as [address literal]");
        }
        return name;
    }

    private static void checkLabel(String label) {
        if (label.isEmpty()) {
            throw new InvalidAddressException("domain has an empty label");
        }
        if (label.length() > SmtpChars.MAX_LABEL_OCTETS) {
            throw new InvalidAddressException(
                    "domain label is " + label.length() + " octets, limit " + SmtpChars.MAX_LABEL_OCTETS);
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!SmtpChars.isAlpha(c) && !SmtpChars.isDigit(c) && c != '-') {
                throw new InvalidAddressException("domain contains invalid character " + SmtpChars.describe(c));
            }
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            throw new InvalidAddressException("domain label must not start or end with '-'");
        }
    }

    @Override
    public String ascii() {
        return ascii;
    }

    @Override
    public String unicode() {
        return unicode;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Domain other && ascii.equals(other.ascii);
    }

    @Override
    public int hashCode() {
        return ascii.hashCode();
    }

    @Override
    public String toString() {
        return ascii;
    }
}
