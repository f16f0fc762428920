package io.mailfleet.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.events.codec.EventEncodingException;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.testing.process.Ports;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Failures that need no broker; the broker's own answers are tested in the integration tests. */
class EventPublisherTest {

    private final ProducerSettings nowhere = ProducerSettings.defaults("127.0.0.1:" + Ports.free());

    @Test
    void anEventThatCannotBeEncodedFailsThePublish() {
        try (EventPublisher publisher = new EventPublisher(nowhere, Topics.DEFAULTS)) {
            CompletableFuture<PublishedPosition> result =
                    publisher.publish("mail.inbound", "k", "not an event").toCompletableFuture();

            assertThat(result).isCompletedExceptionally();
            assertThat(result).failsWithin(0, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(EventEncodingException.class);
        }
    }

    @Test
    void aNullEventFailsThePublish() {
        try (EventPublisher publisher = new EventPublisher(nowhere, Topics.DEFAULTS)) {
            assertThat(publisher.publish((io.mailfleet.model.event.MailAccepted) null).toCompletableFuture())
                    .isCompletedExceptionally();
        }
    }

    @Test
    void publishingAfterCloseFails() {
        EventPublisher publisher = new EventPublisher(nowhere, Topics.DEFAULTS);
        publisher.close();

        CompletableFuture<PublishedPosition> result = publisher.publish(SampleEvents.mailAccepted()).toCompletableFuture();

        assertThat(result).failsWithin(0, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(IllegalStateException.class);
    }
}
