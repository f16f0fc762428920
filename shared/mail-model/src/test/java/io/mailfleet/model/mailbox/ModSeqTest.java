package io.mailfleet.model.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModSeqTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 0xFFFF_FFFFL + 1, Long.MAX_VALUE})
    void acceptsRfc7162Range(long value) {
        assertThat(ModSeq.of(value).value()).isEqualTo(value);
        assertThat(ModSeq.of(value).toString()).isEqualTo(Long.toString(value));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void rejectsZeroAndNegative(long value) {
        assertThatThrownBy(() -> ModSeq.of(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside 1..9223372036854775807");
    }

    @Test
    void nextGrowsAndNeverWraps() {
        assertThat(ModSeq.MIN.next()).isEqualTo(ModSeq.of(2));
        assertThatThrownBy(() -> ModSeq.of(Long.MAX_VALUE).next())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exhausted");
    }

    @Test
    void compares() {
        ModSeq older = ModSeq.of(41);
        ModSeq newer = older.next();

        assertThat(newer.isAfter(older)).isTrue();
        assertThat(older.isAfter(newer)).isFalse();
        assertThat(older.isAfter(older)).isFalse();
        assertThat(newer).isGreaterThan(older);
        assertThat(older).isEqualByComparingTo(ModSeq.of(41));
    }
}
