package io.mailfleet.model.address;

import java.util.Objects;

/**
 * An RFC 5321 §4.1.3 address literal: {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}, kept in
 * canonical form. General address literals ({@code [tag:content]}) are rejected: RFC 5321 requires
 * their tag to be registered with IANA, and IPv6 is the only one that is.
 */
public final class AddressLiteral implements MailHost {

    private static final String IPV6_TAG = "IPv6";

    private final String ip;
    private final boolean ipv6;

    private AddressLiteral(String ip, boolean ipv6) {
        this.ip = ip;
        this.ipv6 = ipv6;
    }

    /** Parses the bracketed form; the {@code IPv6:} tag is case-insensitive like every ABNF literal. */
    public static AddressLiteral parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() < 2 || text.charAt(0) != '[' || text.charAt(text.length() - 1) != ']') {
            throw new InvalidAddressException("address literal must be enclosed in [ ]");
        }
        String inner = text.substring(1, text.length() - 1);
        int colon = inner.indexOf(':');
        if (colon < 0) {
            return new AddressLiteral(IpLiterals.canonicalIpv4(inner), false);
        }
        if (!inner.substring(0, colon).equalsIgnoreCase(IPV6_TAG)) {
            throw new InvalidAddressException("unsupported address literal tag; only IPv6 is registered");
        }
        return new AddressLiteral(IpLiterals.canonicalIpv6(inner.substring(colon + 1)), true);
    }

    /** The IP address without brackets or tag, e.g. {@code 2001:db8::1}, ready for a socket. */
    public String ip() {
        return ip;
    }

    public boolean isIpv6() {
        return ipv6;
    }

    @Override
    public String ascii() {
        return ipv6 ? "[" + IPV6_TAG + ":" + ip + "]" : "[" + ip + "]";
    }

    @Override
    public String unicode() {
        return ascii();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressLiteral other && ipv6 == other.ipv6 && ip.equals(other.ip);
    }

    @Override
    public int hashCode() {
        return ip.hashCode();
    }

    @Override
    public String toString() {
        return ascii();
    }
}
