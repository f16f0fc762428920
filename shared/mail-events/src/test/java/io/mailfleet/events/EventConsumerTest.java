package io.mailfleet.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mailfleet.testing.process.Ports;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lifecycle rules that hold before any broker is involved. */
class EventConsumerTest {

    private final ConsumerSettings settings = ConsumerSettings.defaults("127.0.0.1:" + Ports.free(), "group",
            List.of("mail.inbound"), "mail.deadletter");

    @Test
    void aConsumerClosedBeforeItRunsReturnsAtOnceWithoutConnecting() {
        EventConsumer<Object> consumer = new EventConsumer<>(settings, Object.class, received -> { });
        consumer.close();

        assertTimeoutPreemptively(Duration.ofSeconds(5), consumer::run);
        assertThat(consumer.processedCount()).isZero();
        assertThat(consumer.retriedCount()).isZero();
        assertThat(consumer.deadLetteredCount()).isZero();
    }

    @Test
    void aConsumerRunsOnlyOnce() {
        EventConsumer<Object> consumer = new EventConsumer<>(settings, Object.class, received -> { });
        consumer.close();
        consumer.run();

        assertThatThrownBy(consumer::run).isInstanceOf(IllegalStateException.class);
    }
}
