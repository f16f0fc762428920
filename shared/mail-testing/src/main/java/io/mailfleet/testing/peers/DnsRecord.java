package io.mailfleet.testing.peers;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One resource record of a test zone, served by {@link DnsServer}. Names are absolute: a trailing
 * dot may be written or left out. Records carry a TTL of 0, so no resolver keeps them past a test.
 *
 * @param name the owner name, lowercase, with its trailing dot
 * @param type A, AAAA, MX or CNAME
 * @param data the record data in zone-file form, e.g. {@code 10 mx1.example.test.}
 */
public record DnsRecord(String name, String type, String data) {

    private static final Set<String> TYPES = Set.of("A", "AAAA", "MX", "CNAME");

    public DnsRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("record type " + type + " is not one of " + TYPES);
        }
    }

    public static DnsRecord a(String name, String ipv4) {
        return new DnsRecord(absolute(name), "A", literal(ipv4, Inet4Address.class));
    }

    public static DnsRecord aaaa(String name, String ipv6) {
        return new DnsRecord(absolute(name), "AAAA", literal(ipv6, Inet6Address.class));
    }

    public static DnsRecord mx(String name, int preference, String exchange) {
        if (preference < 0 || preference > 65535) {
            throw new IllegalArgumentException("MX preference " + preference + " is not a 16-bit number");
        }
        return new DnsRecord(absolute(name), "MX", preference + " " + absolute(exchange));
    }

    /** RFC 7505: "this domain accepts no mail", a single MX of preference 0 whose exchange is the root. */
    public static DnsRecord nullMx(String name) {
        return mx(name, 0, ".");
    }

    public static DnsRecord cname(String name, String target) {
        return new DnsRecord(absolute(name), "CNAME", absolute(target));
    }

    /** The record as a line of a zone file or an Unbound {@code local-data} value. */
    public String zoneLine() {
        return name + " 0 IN " + type + " " + data;
    }

    static String absolute(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower : lower + ".";
    }

    /** Only numeric addresses: a host name here would be looked up, and the record silently wrong. */
    private static String literal(String address, Class<? extends InetAddress> family) {
        boolean numeric = address.indexOf(':') >= 0 || address.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        try {
            InetAddress parsed = numeric ? InetAddress.getByName(address) : null;
            if (family.isInstance(parsed)) {
                return parsed.getHostAddress();
            }
        } catch (UnknownHostException e) {
            // Reported below with the family expected.
        }
        throw new IllegalArgumentException(address + " is not a numeric "
                + (family == Inet4Address.class ? "IPv4" : "IPv6") + " address");
    }
}
