package io.mailfleet.auth;

import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Factory.Argon2Types;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
    /** argon2-jvm's raw hash takes its output length from the instance: one instance per length. */
    private static final Map<Integer, Argon2Advanced> BY_HASH_LENGTH = new ConcurrentHashMap<>();

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

    /**
     * The reference C implementation (libargon2, bundled with argon2-jvm), version 19, no secret and
     * no associated data. With our parameters it took 20-28 ms of CPU per hash where Bouncy Castle's
     * Java generator took 34-73 ms on the same machine, and its 19 MiB are allocated and freed
     * outside the Java heap, so a login makes no garbage to collect. The output is the same: RFC 9106.
     * (argon2-jvm's other entry point, through an Argon2 context, cannot take an empty password.)
     */
    private static byte[] derive(Argon2Parameters p, byte[] password, byte[] salt) {
        return BY_HASH_LENGTH
                .computeIfAbsent(p.hashLength(), length -> Argon2Factory.createAdvanced(Argon2Types.ARGON2id, p.saltLength(), length))
                .rawHash(p.iterations(), p.memoryKib(), p.parallelism(), password, salt);
    }
}
