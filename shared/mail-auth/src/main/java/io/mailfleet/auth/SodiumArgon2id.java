package io.mailfleet.auth;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import de.mkammerer.argon2.jna.Size_t;

import java.util.Objects;

/**
 * libsodium's Argon2id ({@code crypto_pwhash_argon2id}; the Debian and Ubuntu package libsodium23,
 * which the service image installs), the one Dovecot hashes with: at start it picks the SIMD
 * version the CPU runs (AVX2, AVX-512 or SSSE3), 13-16 ms of CPU per hash of the default parameters
 * where the reference C implementation argon2-jvm bundles, built without SIMD, takes 25-28.
 *
 * <p>libsodium computes one lane and 16-byte salts only; hashes with other parameters (imported
 * ones: ours have one lane and 16 bytes of salt) go to {@code others}, which makes the same bytes.
 *
 * <p>It maps each hash's memory with mmap (populated at once) and unmaps it when the hash is done,
 * so the resident memory of hashing follows the hashes running at once ({@link LimitedPasswordHasher}),
 * not the threads that ran one. The kernel's work of filling those fresh pages is in the figure above;
 * where fresh pages cost more (some virtual machines), the reference implementation in its kept blocks
 * is the cheaper, which {@link CheaperArgon2id} measures.
 */
final class SodiumArgon2id implements Argon2idDerivation {

    /** {@code crypto_pwhash_argon2id_SALTBYTES}: the only salt length libsodium takes. */
    static final int SALT_BYTES = 16;
    /** {@code crypto_pwhash_argon2id_ALG_ARGON2ID13}: Argon2id, version 19. */
    private static final int ALG_ARGON2ID13 = 2;

    /** The two functions of libsodium this uses. */
    public interface Sodium extends Library {

        /** 0 when it initialised, 1 when it already was, -1 when it cannot run. */
        int sodium_init();

        /** 0 for success, -1 (errno EINVAL or ENOMEM) for parameters out of its range or no memory. */
        int crypto_pwhash_argon2id(Pointer out, long outlen, Pointer passwd, long passwdlen, Pointer salt,
                                   long opslimit, Size_t memlimit, int alg);
    }

    private final Sodium sodium;
    private final Argon2idDerivation others;

    /** Throws a LinkageError when libsodium is not installed or cannot run here. */
    SodiumArgon2id(Argon2idDerivation others) {
        this(Native.load("sodium", Sodium.class), others);
    }

    SodiumArgon2id(Sodium sodium, Argon2idDerivation others) {
        this.others = Objects.requireNonNull(others, "others");
        if (sodium.sodium_init() < 0) {
            throw new LinkageError("libsodium's sodium_init failed");
        }
        this.sodium = sodium;
    }

    /** Whether libsodium computes hashes of these parameters and salt length itself. */
    static boolean computes(Argon2Parameters p, int saltLength) {
        return p.parallelism() == 1 && saltLength == SALT_BYTES;
    }

    @Override
    public byte[] derive(Argon2Parameters p, byte[] password, byte[] salt) {
        if (!computes(p, salt.length)) {
            return others.derive(p, password, salt);
        }
        try (Memory out = new Memory(p.hashLength()); Memory saltBytes = NativeCopies.copy(salt);
             Memory passwordBytes = NativeCopies.copyOrNull(password)) {
            // An empty password is a null pointer of length 0: JNA has no memory of size 0.
            int result = sodium.crypto_pwhash_argon2id(out, p.hashLength(), passwordBytes, password.length, saltBytes,
                    p.iterations(), new Size_t(p.memoryKib() * 1024L), ALG_ARGON2ID13);
            if (passwordBytes != null) {
                // Freed memory is not wiped: the password's copy must not outlive the check.
                passwordBytes.clear();
            }
            if (result != 0) {
                throw new IllegalStateException("libsodium's crypto_pwhash_argon2id failed (errno " + Native.getLastError() + ")");
            }
            return out.getByteArray(0, p.hashLength());
        }
    }

    /** Where hashes libsodium does not compute go. */
    Argon2idDerivation others() {
        return others;
    }
}
