package io.mailfleet.model.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UidValidityTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 1_700_000_000L, 0xFFFF_FFFFL})
    void acceptsUnsigned32BitNonZero(long value) {
        assertThat(UidValidity.of(value).value()).isEqualTo(value);
        assertThat(UidValidity.of(value)).isEqualTo(new UidValidity(value));
        assertThat(UidValidity.of(value).toString()).isEqualTo(Long.toString(value));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, 0x1_0000_0000L})
    void rejectsOutOfRange(long value) {
        assertThatThrownBy(() -> UidValidity.of(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UIDVALIDITY " + value + " is outside");
    }
}
