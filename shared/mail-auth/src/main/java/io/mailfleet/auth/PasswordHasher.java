package io.mailfleet.auth;

/**
 * Turns passwords into stored hashes and checks passwords against them.
 *
 * <p>Passwords are {@link String}s: protocols receive them as bytes and decode them as UTF-8, and a
 * {@code char[]} that could be wiped would only be a copy of strings that already exist. They are
 * compared exactly as given, as UTF-8 bytes, with no normalisation (no SASLprep, no Unicode NFC):
 * a user whose client sends the same characters in a different composition does not get in.
 */
public interface PasswordHasher {

    /** A new hash of the password with a fresh random salt, in the format the stored accounts use. */
    String hash(String password);

    /**
     * Whether the password matches the stored hash. Anything that is not a hash this hasher accepts
     * fails the verification; it never throws for a malformed or unknown hash.
     */
    boolean verify(String password, String encodedHash);

    /** Whether a hash that just verified should be replaced by a new one, because it is weaker than what {@link #hash} makes. */
    boolean needsRehash(String encodedHash);
}
