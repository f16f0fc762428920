package io.mailfleet.auth;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Argon2id hash in the PHC string format the reference implementation writes:
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, salt and hash in unpadded standard Base64.
 *
 * <p>Only version 19 (0x13) is accepted: Argon2id did not exist before it in any released
 * implementation. The optional {@code keyid} and {@code data} fields are rejected, as we never
 * write them and cannot honour them.
 */
final class Argon2idHash {

    private static final Pattern FORMAT = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,9}),t=(\\d{1,9}),p=(\\d{1,9})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

    private final Argon2Parameters parameters;
    private final byte[] salt;
    private final byte[] hash;

    private Argon2idHash(Argon2Parameters parameters, byte[] salt, byte[] hash) {
        this.parameters = parameters;
        this.salt = salt;
        this.hash = hash;
    }

    /** Hashes {@code password} (its UTF-8 bytes) with the given salt, whose length must match the parameters. */
    static Argon2idHash compute(Argon2Parameters parameters, byte[] password, byte[] salt) {
        if (salt.length != parameters.saltLength()) {
            throw new IllegalArgumentException("salt is " + salt.length + " bytes, parameters say " + parameters.saltLength());
        }
        return new Argon2idHash(parameters, salt.clone(), derive(parameters, password, salt));
    }

    /** Empty when the text is not an Argon2id hash we accept, including one whose cost is out of bounds. */
    static Optional<Argon2idHash> parse(String encoded) {
        Matcher m = FORMAT.matcher(encoded);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            byte[] salt = Base64.getDecoder().decode(m.group(4));
            byte[] hash = Base64.getDecoder().decode(m.group(5));
            Argon2Parameters parameters = new Argon2Parameters(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    salt.length, hash.length);
            return Optional.of(new Argon2idHash(parameters, salt, hash));
        } catch (IllegalArgumentException e) {
            // Bad Base64 (NumberFormatException is one too, though the pattern rules it out) or parameters out of bounds.
            return Optional.empty();
        }
    }

    Argon2Parameters parameters() {
        return parameters;
    }

    /** Compares in constant time, so the time taken says nothing about how close the guess was. */
    boolean matches(byte[] password) {
        return MessageDigest.isEqual(derive(parameters, password, salt), hash);
    }

    String encode() {
        return "$argon2id$v=19$m=" + parameters.memoryKib() + ",t=" + parameters.iterations()
                + ",p=" + parameters.parallelism() + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
    }

    private static byte[] derive(Argon2Parameters p, byte[] password, byte[] salt) {
        return Argon2idDerivation.CHOSEN.derive(p, password, salt);
    }
}
