package io.mailfleet.model.address;

import java.util.ArrayList;
import java.util.List;

/**
 * The IPv4 and IPv6 forms of RFC 5321 §4.1.3, written back canonically (RFC 5952 for IPv6) so that
 * two spellings of one address compare equal.
 */
final class IpLiterals {

    private static final int IPV6_GROUPS = 8;
    /** RFC 5321 §4.1.3: "::" stands for at least two zero groups, so at most six may be written. */
    private static final int MAX_GROUPS_WITH_GAP = 6;

    private IpLiterals() {
    }

    static String canonicalIpv4(String text) {
        int[] octets = parseIpv4(text);
        return octets[0] + "." + octets[1] + "." + octets[2] + "." + octets[3];
    }

    static String canonicalIpv6(String text) {
        return format(parseIpv6(text));
    }

    private static int[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new InvalidAddressException("IPv4 address literal needs four dot-separated numbers");
        }
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(SmtpChars::isDigit)) {
                throw new InvalidAddressException("IPv4 address literal has a part that is not 1 to 3 digits");
            }
            octets[i] = Integer.parseInt(part);
            if (octets[i] > 255) {
                throw new InvalidAddressException("IPv4 address literal has a number above 255");
            }
        }
        return octets;
    }

    private static int[] parseIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap < 0) {
            List<Integer> groups = parseGroups(text, true);
            if (groups.size() != IPV6_GROUPS) {
                throw new InvalidAddressException("IPv6 address literal without '::' needs 8 groups");
            }
            return toArray(groups, List.of());
        }
        if (text.indexOf("::", gap + 1) >= 0) {
            throw new InvalidAddressException("IPv6 address literal has more than one '::'");
        }
        String headText = text.substring(0, gap);
        String tailText = text.substring(gap + 2);
        List<Integer> head = headText.isEmpty() ? List.of() : parseGroups(headText, false);
        List<Integer> tail = tailText.isEmpty() ? List.of() : parseGroups(tailText, true);
        if (head.size() + tail.size() > MAX_GROUPS_WITH_GAP) {
            throw new InvalidAddressException("IPv6 address literal with '::' may have at most 6 other groups");
        }
        return toArray(head, tail);
    }

    /** Parses colon-separated hex groups; an IPv4 tail, allowed last, counts as two groups. */
    private static List<Integer> parseGroups(String text, boolean allowIpv4Tail) {
        String[] parts = text.split(":", -1);
        List<Integer> groups = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (allowIpv4Tail && i == parts.length - 1 && part.indexOf('.') >= 0) {
                int[] v4 = parseIpv4(part);
                groups.add(v4[0] << 8 | v4[1]);
                groups.add(v4[2] << 8 | v4[3]);
            } else {
                groups.add(parseHexGroup(part));
            }
        }
        return groups;
    }

    private static int parseHexGroup(String part) {
        if (part.isEmpty() || part.length() > 4) {
            throw new InvalidAddressException("IPv6 address literal has a group that is not 1 to 4 hex digits");
        }
        int value = 0;
        for (int i = 0; i < part.length(); i++) {
            int digit = hexDigit(part.charAt(i));
            if (digit < 0) {
                throw new InvalidAddressException(
                        "IPv6 address literal contains invalid character " + SmtpChars.describe(part.charAt(i)));
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** ASCII only: {@link Character#digit} would also accept full-width and other Unicode digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static int[] toArray(List<Integer> head, List<Integer> tail) {
        int[] groups = new int[IPV6_GROUPS];
        for (int i = 0; i < head.size(); i++) {
            groups[i] = head.get(i);
        }
        for (int i = 0; i < tail.size(); i++) {
            groups[IPV6_GROUPS - tail.size() + i] = tail.get(i);
        }
        return groups;
    }

    /** RFC 5952 §4: lowercase, no leading zeros, "::" for the first longest run of two or more zeros. */
    private static String format(int[] groups) {
        int gapStart = -1;
        int gapLength = 1;
        for (int i = 0; i < IPV6_GROUPS; ) {
            int end = i;
            while (end < IPV6_GROUPS && groups[end] == 0) {
                end++;
            }
            if (end - i > gapLength) {
                gapStart = i;
                gapLength = end - i;
            }
            i = Math.max(end, i + 1);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < IPV6_GROUPS; i++) {
            if (i == gapStart) {
                out.append("::");
                i += gapLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
