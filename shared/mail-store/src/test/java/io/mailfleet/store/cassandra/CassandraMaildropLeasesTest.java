package io.mailfleet.store.cassandra;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CassandraMaildropLeasesTest {

    @Test
    void aTimeToLiveIsCountedInWholeSecondsRoundedUp() {
        assertThat(CassandraMaildropLeases.seconds(Duration.ofSeconds(60))).isEqualTo(60);
        assertThat(CassandraMaildropLeases.seconds(Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(CassandraMaildropLeases.seconds(Duration.ofNanos(1))).isEqualTo(1);
        assertThat(CassandraMaildropLeases.seconds(Duration.ofDays(7300))).isEqualTo(630_720_000);
    }

    @Test
    void aTimeToLiveMustBePositiveAndWithinCassandrasLimit() {
        assertThatThrownBy(() -> CassandraMaildropLeases.seconds(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CassandraMaildropLeases.seconds(Duration.ofSeconds(-5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CassandraMaildropLeases.seconds(Duration.ofDays(7300).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
