package io.mailfleet.auth;

import com.password4j.BcryptFunction;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verification of imported bcrypt hashes ({@code $2a$}, {@code $2b$}, {@code $2y$}); we never
 * write bcrypt. Like every bcrypt, only the first 72 bytes of the password count.
 *
 * <p>All three prefixes are checked as {@code $2b$}. {@code $2y$} is crypt_blowfish's name for the
 * same correct algorithm, and {@code $2a$} as written by OpenBSD, crypt_blowfish and libxcrypt gives
 * the {@code $2b$} result for every password short of 256 bytes except one pathological case
 * crypt_blowfish altered on purpose. password4j 1.8.4, however, computes {@code $2a$} differently
 * for passwords with non-ASCII characters, so it would reject such users' correct passwords.
 */
final class BcryptHash {

    private static final Pattern FORMAT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

    /** Cost 16 takes seconds; an imported hash beyond it would tie up a thread for minutes to days per try. */
    static final int MAX_COST = 16;

    private static final int MIN_COST = 4;

    private BcryptHash() {
    }

    /** False for a wrong password and for any text that is not a bcrypt hash we accept. */
    static boolean matches(byte[] password, String encoded) {
        Matcher m = FORMAT.matcher(encoded);
        if (!m.matches()) {
            return false;
        }
        int cost = Integer.parseInt(m.group(1));
        if (cost < MIN_COST || cost > MAX_COST) {
            return false;
        }
        String asB = "$2b$" + encoded.substring(4);
        return BcryptFunction.getInstanceFromHash(asB).check(password, asB.getBytes(StandardCharsets.US_ASCII));
    }
}
