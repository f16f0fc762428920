package io.mailfleet.store.cassandra;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageStoreSettingsTest {

    @Test
    void theLogRetentionIsAWholeTimeToLiveCassandraAccepts() {
        assertThat(MessageStoreSettings.DEFAULTS.logTtlSeconds()).isEqualTo(30 * 24 * 3600);
        assertThat(new MessageStoreSettings(Duration.ofDays(7300), Duration.ZERO).logTtlSeconds()).isEqualTo(630_720_000);
        assertThatThrownBy(() -> new MessageStoreSettings(Duration.ofMillis(999), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageStoreSettings(Duration.ofDays(7301), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageStoreSettings(Duration.ofDays(1), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
