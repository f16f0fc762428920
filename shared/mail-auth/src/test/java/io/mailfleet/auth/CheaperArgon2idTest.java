package io.mailfleet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CheaperArgon2idTest {

    private static final byte[] PASSWORD = "password".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SALT = new byte[16];
    /** Hashes taken in turns before the cheaper is known: the first of each is not measured. */
    private static final int TURNS = 2 * (CheaperArgon2id.FIRST_SAMPLES + 1);

    /** The CPU clock of the hashing thread: each fake derivation moves it by what it costs. */
    private final AtomicLong cpuNanos = new AtomicLong();
    private final List<String> calls = new ArrayList<>();
    private final FakeDerivation sodium = new FakeDerivation("sodium");
    private final FakeDerivation reference = new FakeDerivation("reference");
    private final CheaperArgon2id cheaper = new CheaperArgon2id(sodium, reference, cpuNanos::get);

    @Test
    void theCheaperTakesAllButOneHashInThirtyTwo() {
        sodium.costMillis = 45;
        reference.costMillis = 25;

        hash(TURNS);
        assertThat(calls.stream().filter("sodium"::equals)).hasSize(TURNS / 2);
        calls.clear();
        hash(10 * CheaperArgon2id.EXPLORE_EVERY);

        assertThat(calls.stream().filter("sodium"::equals)).hasSize(10);
        assertThat(calls.stream().filter("reference"::equals)).hasSize(9 * CheaperArgon2id.EXPLORE_EVERY + 22);
    }

    @Test
    void theOtherTakesOverWhenItBecomesTheCheaper() {
        sodium.costMillis = 15;
        reference.costMillis = 25;
        hash(4 * CheaperArgon2id.EXPLORE_EVERY);
        calls.clear();
        hash(CheaperArgon2id.EXPLORE_EVERY);
        assertThat(calls.stream().filter("sodium"::equals)).hasSize(CheaperArgon2id.EXPLORE_EVERY - 1);

        // Fresh pages became expensive: libsodium's next hashes cost more than the reference's.
        sodium.costMillis = 45;
        hash(8 * CheaperArgon2id.EXPLORE_EVERY);
        calls.clear();
        hash(CheaperArgon2id.EXPLORE_EVERY);

        assertThat(calls.stream().filter("reference"::equals)).hasSize(CheaperArgon2id.EXPLORE_EVERY - 1);
    }

    /** The first hash also binds the library's function or makes the first memory block. */
    @Test
    void theFirstHashOfEachIsNotCounted() {
        sodium.costMillis = 30;
        reference.costMillis = 1000;
        hash(2);
        reference.costMillis = 20;
        hash(TURNS - 2);
        calls.clear();
        hash(CheaperArgon2id.EXPLORE_EVERY);

        assertThat(calls.stream().filter("reference"::equals)).hasSize(CheaperArgon2id.EXPLORE_EVERY - 1);
    }

    @Test
    void hashesLibsodiumDoesNotComputeGoToTheReferenceUnmeasured() {
        sodium.costMillis = 10;
        reference.costMillis = 1000;
        Argon2Parameters twoLanes = new Argon2Parameters(1024, 2, 2, 16, 32);

        for (int i = 0; i < 5; i++) {
            assertThat(cheaper.derive(twoLanes, PASSWORD, SALT)).isEqualTo(reference.output);
            assertThat(cheaper.derive(Argon2Parameters.DEFAULT, PASSWORD, new byte[24])).isEqualTo(reference.output);
        }
        assertThat(calls).containsOnly("reference");
        calls.clear();
        // Had they been measured, libsodium would be the cheaper by far; the turns have not begun.
        hash(2);
        assertThat(calls).containsExactly("sodium", "reference");
    }

    @Test
    void costsCompareByTheWorkOfTheHash() {
        // The reference's first hashes are large imported ones (80 ms each), libsodium's of the default parameters
        // (20 ms): per KiB and pass the reference is the cheaper.
        Argon2Parameters large = new Argon2Parameters(8 * Argon2Parameters.DEFAULT.memoryKib(), 2, 1, 16, 32);
        sodium.costMillis = 20;
        reference.costMillis = 10;
        for (int i = 0; i < TURNS / 2; i++) {
            cheaper.derive(Argon2Parameters.DEFAULT, PASSWORD, SALT);
            cheaper.derive(large, PASSWORD, SALT);
        }
        calls.clear();
        hash(CheaperArgon2id.EXPLORE_EVERY);

        assertThat(calls.stream().filter("reference"::equals)).hasSize(CheaperArgon2id.EXPLORE_EVERY - 1);
    }

    private void hash(int times) {
        for (int i = 0; i < times; i++) {
            assertThat(cheaper.derive(Argon2Parameters.DEFAULT, PASSWORD, SALT)).isEqualTo(sodium.output);
        }
    }

    /** Both make the same bytes, as the real ones do. */
    private final class FakeDerivation implements Argon2idDerivation {

        final byte[] output = "the same 32 bytes from both ones".getBytes(StandardCharsets.US_ASCII);
        private final String name;
        /** For a hash of the default parameters; in proportion to memory and passes for others. */
        long costMillis;

        FakeDerivation(String name) {
            this.name = name;
        }

        @Override
        public byte[] derive(Argon2Parameters parameters, byte[] password, byte[] salt) {
            calls.add(name);
            Argon2Parameters usual = Argon2Parameters.DEFAULT;
            cpuNanos.addAndGet(costMillis * 1_000_000 * parameters.memoryKib() * parameters.iterations()
                    / ((long) usual.memoryKib() * usual.iterations()));
            return output.clone();
        }
    }
}
