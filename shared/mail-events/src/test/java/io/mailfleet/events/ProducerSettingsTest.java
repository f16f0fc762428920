package io.mailfleet.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProducerSettingsTest {

    @Test
    void defaultsFailADeadBrokerWithinTenSeconds() {
        ProducerSettings settings = ProducerSettings.defaults("localhost:9092");

        assertThat(settings.publishBound()).isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(settings.kafkaProperties()).containsEntry("max.block.ms", 4000L)
                .containsEntry("request.timeout.ms", 3000)
                .containsEntry("delivery.timeout.ms", 6000);
    }

    @Test
    void durabilityCannotBeConfiguredAway() {
        ProducerSettings settings = ProducerSettings.defaults("localhost:9092").withClientProperties(Map.of(
                "acks", "1", "enable.idempotence", "false", "delivery.timeout.ms", "600000",
                "compression.type", "zstd"));

        assertThat(settings.kafkaProperties())
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("delivery.timeout.ms", 6000)
                .containsEntry("compression.type", "zstd");
    }

    @Test
    void rejectsADeliveryTimeoutNoLongerThanOneRequest() {
        ProducerSettings settings = ProducerSettings.defaults("localhost:9092");
        Duration second = Duration.ofSeconds(1);

        assertThatThrownBy(() -> settings.withTimeouts(second, second, second))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deliveryTimeout must exceed requestTimeout");
        assertThatThrownBy(() -> settings.withCloseTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
