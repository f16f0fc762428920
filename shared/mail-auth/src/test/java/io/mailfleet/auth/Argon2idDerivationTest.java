package io.mailfleet.auth;

import static org.assertj.core.api.Assertions.assertThat;

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

    /** On the machines we build and run on (Linux, x86-64 or aarch64), the bundled library loads. */
    @Test
    void theReferenceCImplementationIsChosenWhereItLoads() {
        assertThat(Argon2idDerivation.CHOSEN).isInstanceOf(NativeArgon2id.class);
    }

    @Test
    void withoutTheNativeLibraryTheJavaImplementationIsChosen() {
        Argon2idDerivation chosen = Argon2idDerivation.choose(() -> {
            throw new UnsatisfiedLinkError("Unable to load library 'argon2'");
        });

        assertThat(chosen).isInstanceOf(JavaArgon2id.class);
        // The reference vector of Argon2idPasswordHasherTest, made by libargon2's argon2id_hash_encoded.
        assertThat(Base64.getEncoder().withoutPadding().encodeToString(chosen.derive(
                new Argon2Parameters(1024, 2, 1, 16, 32), "pässwörd".getBytes(StandardCharsets.UTF_8), SALT)))
                .isEqualTo("LRuFSGY6HC5w+m4nNp+ZL7gFqJIZaQ5jPLEqty/FN5o");
    }

    /** Hashes stored by one implementation verify with the other, whichever an instance runs. */
    @ParameterizedTest
    @CsvSource({
            "19456, 2, 1, 16, 32, correct horse battery staple",
            "256,   1, 1, 16, 32, ''",
            "1024,  3, 2, 24, 16, pässwörd",
            "64,    1, 4, 8,  64, 密码🔑",
            "4096,  2, 1, 64, 48, ' spaces at both ends '",
    })
    void theNativeAndTheJavaImplementationsMakeTheSameHashes(int memoryKib, int iterations, int parallelism, int saltLength,
                                                             int hashLength, String password) {
        Argon2Parameters parameters = new Argon2Parameters(memoryKib, iterations, parallelism, saltLength, hashLength);
        byte[] salt = new byte[saltLength];
        new Random(saltLength).nextBytes(salt);
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);

        assertThat(nativeArgon2.derive(parameters, bytes, salt)).isEqualTo(javaArgon2.derive(parameters, bytes, salt));
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
