package io.mailfleet.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Hashes with Argon2id (PHC strings) and verifies Argon2id and, for imported accounts, bcrypt
 * ({@code $2a$}, {@code $2b$}, {@code $2y$}). Every other hash needs a rehash and never verifies.
 * Thread-safe.
 */
public final class Argon2idPasswordHasher implements PasswordHasher {

    private final Argon2Parameters parameters;
    private final SecureRandom random = new SecureRandom();

    public Argon2idPasswordHasher(Argon2Parameters parameters) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
    }

    public Argon2Parameters parameters() {
        return parameters;
    }

    @Override
    public String hash(String password) {
        byte[] salt = new byte[parameters.saltLength()];
        random.nextBytes(salt);
        return Argon2idHash.compute(parameters, utf8(password), salt).encode();
    }

    @Override
    public boolean verify(String password, String encodedHash) {
        byte[] bytes = utf8(password);
        Objects.requireNonNull(encodedHash, "encodedHash");
        return Argon2idHash.parse(encodedHash)
                .map(argon2 -> argon2.matches(bytes))
                .orElseGet(() -> BcryptHash.matches(bytes, encodedHash));
    }

    @Override
    public boolean needsRehash(String encodedHash) {
        Objects.requireNonNull(encodedHash, "encodedHash");
        return Argon2idHash.parse(encodedHash)
                .map(argon2 -> !argon2.parameters().isAtLeastAsStrongAs(parameters))
                .orElse(true);
    }

    private static byte[] utf8(String password) {
        return Objects.requireNonNull(password, "password").getBytes(StandardCharsets.UTF_8);
    }
}
