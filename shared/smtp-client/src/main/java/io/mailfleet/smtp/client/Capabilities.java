package io.mailfleet.smtp.client;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The service extensions a server listed in its reply to EHLO (RFC 5321 §4.1.1.1), as far as the
 * client uses them.
 *
 * @param pipelining RFC 2920
 * @param size RFC 1870: SIZE is listed, so MAIL FROM may carry {@code SIZE=}
 * @param maxSize the fixed limit SIZE declared, 0 when it declared none
 * @param eightBitMime RFC 6152
 * @param smtpUtf8 RFC 6531
 * @param startTls RFC 3207
 * @param authMechanisms RFC 4954, upper case
 * @param dsn RFC 3461
 * @param enhancedStatusCodes RFC 2034
 * @param chunking RFC 3030 BDAT
 * @param binaryMime RFC 3030 BODY=BINARYMIME
 */
public record Capabilities(
        boolean pipelining,
        boolean size,
        long maxSize,
        boolean eightBitMime,
        boolean smtpUtf8,
        boolean startTls,
        Set<String> authMechanisms,
        boolean dsn,
        boolean enhancedStatusCodes,
        boolean chunking,
        boolean binaryMime) {

    /** What a server answering HELO, or not yet asked, is taken to offer: nothing. */
    public static final Capabilities NONE =
            new Capabilities(false, false, 0, false, false, false, Set.of(), false, false, false, false);

    public Capabilities {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must not be negative");
        }
        authMechanisms = Set.copyOf(authMechanisms);
    }

    /** Reads the lines after the first (which greets) of a positive reply to EHLO. */
    public static Capabilities fromEhlo(Reply ehlo) {
        boolean pipelining = false;
        boolean size = false;
        long maxSize = 0;
        boolean eightBitMime = false;
        boolean smtpUtf8 = false;
        boolean startTls = false;
        Set<String> auth = new TreeSet<>();
        boolean dsn = false;
        boolean enhanced = false;
        boolean chunking = false;
        boolean binaryMime = false;
        for (String line : ehlo.lines().subList(1, ehlo.lines().size())) {
            String[] words = line.trim().split(" +");
            String keyword = words[0].toUpperCase(Locale.ROOT);
            switch (keyword) {
                case "PIPELINING" -> pipelining = true;
                case "SIZE" -> {
                    size = true;
                    maxSize = words.length > 1 ? declaredSize(words[1]) : 0;
                }
                case "8BITMIME" -> eightBitMime = true;
                case "SMTPUTF8" -> smtpUtf8 = true;
                case "STARTTLS" -> startTls = true;
                case "AUTH" -> addMechanisms(auth, words, 1);
                case "DSN" -> dsn = true;
                case "ENHANCEDSTATUSCODES" -> enhanced = true;
                case "CHUNKING" -> chunking = true;
                case "BINARYMIME" -> binaryMime = true;
                default -> {
                    // Servers that once served old Outlook also list "AUTH=LOGIN PLAIN".
                    if (keyword.startsWith("AUTH=")) {
                        auth.add(keyword.substring(5));
                        addMechanisms(auth, words, 1);
                    }
                }
            }
        }
        auth.remove("");
        return new Capabilities(pipelining, size, maxSize, eightBitMime, smtpUtf8, startTls, auth, dsn, enhanced,
                chunking, binaryMime);
    }

    private static void addMechanisms(Set<String> auth, String[] words, int from) {
        for (int i = from; i < words.length; i++) {
            auth.add(words[i].toUpperCase(Locale.ROOT));
        }
    }

    /** RFC 1870 §4: a decimal limit; one we cannot read is treated as none declared. */
    private static long declaredSize(String text) {
        try {
            return Math.max(0, Long.parseLong(text));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
