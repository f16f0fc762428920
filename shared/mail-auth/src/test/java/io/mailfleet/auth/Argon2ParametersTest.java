package io.mailfleet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Argon2ParametersTest {

    @ParameterizedTest
    @CsvSource({
            "31, 1, 4, 16, 32",        // less than 8 KiB per lane
            "262145, 1, 1, 16, 32",    // over 256 MiB
            "1024, 0, 1, 16, 32",
            "1024, 33, 1, 16, 32",
            "1024, 1, 0, 16, 32",
            "1024, 1, 17, 16, 32",
            "1024, 1, 1, 7, 32",
            "1024, 1, 1, 65, 32",
            "1024, 1, 1, 16, 15",
            "1024, 1, 1, 16, 65"})
    void rejectsParametersOutOfBounds(int memoryKib, int iterations, int parallelism, int saltLength, int hashLength) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Argon2Parameters(memoryKib, iterations, parallelism, saltLength, hashLength));
    }

    @Test
    void acceptsTheBounds() {
        new Argon2Parameters(32, 1, 4, 8, 16);
        new Argon2Parameters(262144, 32, 16, 64, 64);
    }

    @Test
    void strengthComparesMemoryIterationsSaltAndHashLength() {
        Argon2Parameters base = new Argon2Parameters(1024, 2, 1, 16, 32);

        assertThat(base.isAtLeastAsStrongAs(base)).isTrue();
        assertThat(new Argon2Parameters(1024, 2, 4, 16, 32).isAtLeastAsStrongAs(base)).isTrue();
        assertThat(new Argon2Parameters(2048, 3, 1, 32, 64).isAtLeastAsStrongAs(base)).isTrue();
        assertThat(new Argon2Parameters(512, 3, 1, 16, 32).isAtLeastAsStrongAs(base)).isFalse();
        assertThat(new Argon2Parameters(2048, 1, 1, 16, 32).isAtLeastAsStrongAs(base)).isFalse();
        assertThat(new Argon2Parameters(1024, 2, 1, 8, 32).isAtLeastAsStrongAs(base)).isFalse();
        assertThat(new Argon2Parameters(1024, 2, 1, 16, 16).isAtLeastAsStrongAs(base)).isFalse();
    }
}
