package io.mailfleet.auth;

/**
 * The cost of an Argon2id hash (RFC 9106).
 *
 * <p>The upper limits are not about what we would choose but about what we accept from stored
 * hashes: accounts may be imported, and one absurd hash must not make a login allocate gigabytes
 * or run for hours. They are generous enough for any hash a sane system produced.
 *
 * @param memoryKib   memory in KiB ({@code m}); at least 8 per lane
 * @param iterations  passes over the memory ({@code t})
 * @param parallelism lanes ({@code p})
 * @param saltLength  random salt bytes per hash
 * @param hashLength  output bytes
 */
public record Argon2Parameters(int memoryKib, int iterations, int parallelism, int saltLength, int hashLength) {

    static final int MAX_MEMORY_KIB = 256 * 1024;
    static final int MAX_ITERATIONS = 32;
    static final int MAX_PARALLELISM = 16;
    static final int MIN_SALT_LENGTH = 8;
    static final int MAX_SALT_LENGTH = 64;
    static final int MIN_HASH_LENGTH = 16;
    static final int MAX_HASH_LENGTH = 64;

    /**
     * OWASP's minimum for Argon2id (19 MiB, 2 passes, 1 lane): 20 to 30 ms of CPU per hash with the
     * reference C implementation on a 2-core machine. One lane because logins arrive concurrently and
     * already keep every core busy; more lanes would only add thread hand-offs per hash, not make
     * guessing more expensive.
     */
    public static final Argon2Parameters DEFAULT = new Argon2Parameters(19 * 1024, 2, 1, 16, 32);

    /** For tests only: microseconds per hash, far too cheap to protect a real password. */
    public static final Argon2Parameters TESTING = new Argon2Parameters(256, 1, 1, 16, 32);

    public Argon2Parameters {
        requireRange("parallelism", parallelism, 1, MAX_PARALLELISM);
        requireRange("memoryKib", memoryKib, 8 * parallelism, MAX_MEMORY_KIB);
        requireRange("iterations", iterations, 1, MAX_ITERATIONS);
        requireRange("saltLength", saltLength, MIN_SALT_LENGTH, MAX_SALT_LENGTH);
        requireRange("hashLength", hashLength, MIN_HASH_LENGTH, MAX_HASH_LENGTH);
    }

    /**
     * Whether a hash made with these parameters costs an attacker at least as much as one made
     * with {@code other}. Parallelism is not compared: it spreads the same memory and work over
     * lanes, it does not add to them.
     */
    public boolean isAtLeastAsStrongAs(Argon2Parameters other) {
        return memoryKib >= other.memoryKib
                && iterations >= other.iterations
                && saltLength >= other.saltLength
                && hashLength >= other.hashLength;
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " is " + value + ", must be in [" + min + ", " + max + "]");
        }
    }
}
