package io.mailfleet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import de.mkammerer.argon2.jna.Size_t;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Argon2idDerivationTest {

    private static final byte[] SALT = "mailfleet-salt16".getBytes(StandardCharsets.US_ASCII);

    private final NativeArgon2id nativeArgon2 = new NativeArgon2id();
    private final JavaArgon2id javaArgon2 = new JavaArgon2id();
    private final SodiumArgon2id sodiumArgon2 = new SodiumArgon2id(nativeArgon2);

    /** On the machines we build and run on (Linux, x86-64 or aarch64, libsodium23 installed), both libraries load. */
    @Test
    void libsodiumIsMeasuredAgainstTheReferenceCImplementationWhereBothLoad() {
        assertThat(Argon2idDerivation.CHOSEN).isInstanceOf(CheaperArgon2id.class);
        assertThat(SodiumArgon2id.computes(Argon2Parameters.DEFAULT, Argon2Parameters.DEFAULT.saltLength())).isTrue();
    }

    @Test
    void libsodiumIsNotMeasuredAgainstTheJavaImplementation() {
        Argon2idDerivation chosen = Argon2idDerivation.choose(SodiumArgon2id::new, () -> {
            throw new UnsatisfiedLinkError("Unable to load library 'argon2'");
        });

        assertThat(chosen).isInstanceOf(SodiumArgon2id.class);
        assertThat(((SodiumArgon2id) chosen).others()).isInstanceOf(JavaArgon2id.class);
    }

    @Test
    void withoutLibsodiumTheReferenceCImplementationIsChosen() {
        Argon2idDerivation chosen = Argon2idDerivation.choose(
                others -> new SodiumArgon2id(Native.load("mailfleet-no-such-sodium", SodiumArgon2id.Sodium.class), others),
                NativeArgon2id::new);

        assertThat(chosen).isInstanceOf(NativeArgon2id.class);
    }

    @Test
    void aLibsodiumThatCannotInitialiseIsNotChosen() {
        SodiumArgon2id.Sodium broken = new SodiumArgon2id.Sodium() {
            @Override
            public int sodium_init() {
                return -1;
            }

            @Override
            public int crypto_pwhash_argon2id(Pointer out, long outlen, Pointer passwd, long passwdlen, Pointer salt,
                                              long opslimit, Size_t memlimit, int alg) {
                throw new AssertionError("not initialised");
            }
        };

        assertThat(Argon2idDerivation.choose(others -> new SodiumArgon2id(broken, others), NativeArgon2id::new))
                .isInstanceOf(NativeArgon2id.class);
    }

    @Test
    void withoutEitherNativeLibraryTheJavaImplementationIsChosen() {
        Argon2idDerivation chosen = Argon2idDerivation.choose(others -> {
            throw new UnsatisfiedLinkError("Unable to load library 'sodium'");
        }, () -> {
            throw new UnsatisfiedLinkError("Unable to load library 'argon2'");
        });

        assertThat(chosen).isInstanceOf(JavaArgon2id.class);
        // The reference vector of Argon2idPasswordHasherTest, made by libargon2's argon2id_hash_encoded.
        assertThat(Base64.getEncoder().withoutPadding().encodeToString(chosen.derive(
                new Argon2Parameters(1024, 2, 1, 16, 32), "pässwörd".getBytes(StandardCharsets.UTF_8), SALT)))
                .isEqualTo("LRuFSGY6HC5w+m4nNp+ZL7gFqJIZaQ5jPLEqty/FN5o");
    }

    /**
     * Hashes stored by one implementation verify with the others, whichever an instance runs. The
     * first five are libsodium's own; the others (more lanes, other salt lengths) it hands on.
     */
    @ParameterizedTest
    @CsvSource({
            "19456, 2, 1, 16, 32, correct horse battery staple",
            "256,   1, 1, 16, 32, ''",
            "4099,  3, 1, 16, 64, pässwörd",
            "8,     1, 1, 16, 16, x",
            "1024,  4, 1, 16, 48, 密码🔑",
            "1024,  3, 2, 24, 16, pässwörd",
            "64,    1, 4, 8,  64, 密码🔑",
            "4096,  2, 1, 64, 48, ' spaces at both ends '",
            "2048,  2, 1, 15, 32, salt one byte short",
    })
    void theImplementationsMakeTheSameHashes(int memoryKib, int iterations, int parallelism, int saltLength,
                                             int hashLength, String password) {
        Argon2Parameters parameters = new Argon2Parameters(memoryKib, iterations, parallelism, saltLength, hashLength);
        byte[] salt = new byte[saltLength];
        new Random(saltLength).nextBytes(salt);
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        byte[] java = javaArgon2.derive(parameters, bytes, salt);

        assertThat(nativeArgon2.derive(parameters, bytes, salt)).isEqualTo(java);
        assertThat(sodiumArgon2.derive(parameters, bytes, salt)).isEqualTo(java);
        // Enough hashes that both of the chosen one's take some.
        for (int i = 0; i < 2 * (CheaperArgon2id.FIRST_SAMPLES + 1) + 1; i++) {
            assertThat(Argon2idDerivation.CHOSEN.derive(parameters, bytes, salt)).isEqualTo(java);
        }
    }

    /**
     * Eight threads, two hashes at a time as {@link LimitedPasswordHasher} lets them on two cores:
     * two blocks of native memory in all, reused, rather than one per thread.
     */
    @Test
    void nativeMemoryIsOneBlockPerHashRunningAtOnce() throws Exception {
        Argon2Parameters parameters = Argon2Parameters.DEFAULT;
        byte[] expected = javaArgon2.derive(parameters, "password".getBytes(StandardCharsets.UTF_8), SALT);
        Semaphore permits = new Semaphore(2);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> hashes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                hashes.add(threads.submit(() -> {
                    permits.acquireUninterruptibly();
                    try {
                        return nativeArgon2.derive(parameters, "password".getBytes(StandardCharsets.UTF_8), SALT);
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Future<byte[]> hash : hashes) {
                assertThat(hash.get()).isEqualTo(expected);
            }
        } finally {
            threads.shutdown();
        }

        assertThat(nativeArgon2.blocks()).isBetween(1, 2);
    }

    @Test
    void aLargerHashReplacesAnIdleBlockTooSmallForIt() {
        byte[] password = "password".getBytes(StandardCharsets.UTF_8);
        Argon2Parameters large = new Argon2Parameters(4096, 1, 1, 16, 32);
        nativeArgon2.derive(new Argon2Parameters(1024, 1, 1, 16, 32), password, SALT);

        assertThat(nativeArgon2.derive(large, password, SALT)).isEqualTo(javaArgon2.derive(large, password, SALT));
        assertThat(nativeArgon2.blocks()).isEqualTo(1);
    }
}
