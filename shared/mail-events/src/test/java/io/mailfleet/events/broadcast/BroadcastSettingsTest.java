package io.mailfleet.events.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class BroadcastSettingsTest {

    @Test
    void aBroadcastReaderHasNoGroupCommitsNothingAndFetchesEachRecordAtOnce() {
        Map<String, Object> kafka = BroadcastSettings.defaults("127.0.0.1:1", "mailbox.events").kafkaProperties();

        assertThat(kafka).doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG)
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false)
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest")
                .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1)
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500)
                .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        assertThat((String) kafka.get(ConsumerConfig.CLIENT_ID_CONFIG)).startsWith("broadcast-mailbox.events-");
    }

    @Test
    void clientPropertiesMayTuneTheClientButNotMakeItAGroupMemberOrCommit() {
        BroadcastSettings settings = BroadcastSettings.defaults("127.0.0.1:1", "mailbox.events")
                .withClientProperties(Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));

        assertThat(settings.kafkaProperties())
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        assertThatThrownBy(() -> BroadcastSettings.defaults("127.0.0.1:1", "mailbox.events")
                .withClientProperties(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "gateways")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timeoutsMustBePositive() {
        assertThatThrownBy(() -> new BroadcastSettings("127.0.0.1:1", "mailbox.events", Duration.ZERO,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pollTimeout");
        assertThatThrownBy(() -> new BroadcastSettings(" ", "mailbox.events", Duration.ofMillis(100),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootstrapServers");
    }
}
