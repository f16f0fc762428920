package io.mailfleet.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsumerSettingsTest {

    private final ConsumerSettings defaults =
            ConsumerSettings.defaults("localhost:9092", "delivery", List.of("mail.inbound"), "mail.deadletter");

    @Test
    void offsetsAreNeverCommittedAutomatically() {
        ConsumerSettings settings = defaults.withClientProperties(Map.of("enable.auto.commit", "true",
                "group.id", "other", "max.poll.records", "50"));

        assertThat(settings.kafkaProperties())
                .containsEntry("enable.auto.commit", false)
                .containsEntry("group.id", "delivery")
                .containsEntry("max.poll.records", "50");
    }

    @Test
    void aNewGroupStartsAtTheEarliestOffsetUnlessConfigured() {
        assertThat(defaults.kafkaProperties()).containsEntry("auto.offset.reset", "earliest");
        assertThat(defaults.withClientProperties(Map.of("auto.offset.reset", "latest")).kafkaProperties())
                .containsEntry("auto.offset.reset", "latest");
    }

    @Test
    void aDeadMemberIsNoticedWithinSecondsUnlessConfiguredOtherwise() {
        assertThat(defaults.kafkaProperties())
                .containsEntry("group.protocol", "classic")
                .containsEntry("session.timeout.ms", 6000)
                .containsEntry("heartbeat.interval.ms", 2000)
                .containsEntry("max.poll.records", 10)
                .containsEntry("max.partition.fetch.bytes", 16384);
        assertThat(defaults.withClientProperties(Map.of("session.timeout.ms", "10000")).kafkaProperties())
                .containsEntry("session.timeout.ms", "10000");
    }

    @Test
    void rejectsConsumingTheDeadLetterTopic() {
        assertThatThrownBy(() -> ConsumerSettings.defaults("localhost:9092", "g",
                List.of("mail.inbound", "mail.deadletter"), "mail.deadletter"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dead-letter topic");
    }

    @Test
    void rejectsFewerThanOneAttempt() {
        assertThatThrownBy(() -> defaults.withRetries(0, Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(defaults.withRetries(1, Duration.ofMillis(10)).maxAttempts()).isEqualTo(1);
    }
}
