package io.mailfleet.model.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UidTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL})
    void acceptsUnsigned32BitNonZero(long value) {
        assertThat(Uid.of(value).value()).isEqualTo(value);
        assertThat(Uid.of(value).toString()).isEqualTo(Long.toString(value));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, 0x1_0000_0000L, Long.MIN_VALUE, Long.MAX_VALUE})
    void rejectsOutOfRange(long value) {
        assertThatThrownBy(() -> Uid.of(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside 1..4294967295");
    }

    @Test
    void nextGrowsAndNeverWraps() {
        assertThat(Uid.MIN.next()).isEqualTo(Uid.of(2));
        assertThat(Uid.of(0xFFFF_FFFEL).next()).isEqualTo(Uid.MAX);
        assertThatThrownBy(Uid.MAX::next)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("UIDVALIDITY");
    }

    @Test
    void comparesAsUnsigned() {
        assertThat(Uid.of(0x8000_0000L)).isGreaterThan(Uid.of(0x7FFF_FFFFL));
        assertThat(Uid.of(5)).isLessThan(Uid.of(6)).isEqualByComparingTo(Uid.of(5));
    }
}
