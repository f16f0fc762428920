package io.mailfleet.imap.gateway.server;

import io.mailfleet.model.event.MailboxEvent;
import io.mailfleet.model.event.MessageExpunged;
import io.mailfleet.model.mailbox.MailboxId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class MailboxHintsTest {

    private static final MailboxEvent HINT = new MessageExpunged(MessageExpunged.CURRENT_VERSION, "ann@example.org",
            MailboxId.random().toString(), List.of(1L), 2);

    @Test
    void aHintBeyondTheWaitingOnesIsDroppedAndCounted() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch kafkaAnswers = new CountDownLatch(1);
        AtomicInteger sent = new AtomicInteger();
        // A sender stuck on its first hint, as Kafka's producer blocks while it has no metadata.
        MailboxHints hints = new MailboxHints(event -> {
            sending.countDown();
            await(kafkaAnswers);
            sent.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }, new ImapMetrics(registry));
        try {
            hints.publish(HINT);
            assertThat(sending.await(10, TimeUnit.SECONDS)).as("the sender took the first hint").isTrue();
            for (int i = 0; i < MailboxHints.WAITING; i++) {
                hints.publish(HINT);
            }
            assertThat(dropped(registry)).as("every hint so far waits").isZero();

            hints.publish(HINT);
            hints.publish(HINT);

            assertThat(dropped(registry)).isEqualTo(2);
        } finally {
            kafkaAnswers.countDown();
            hints.close();
        }
        assertThat(sent).as("the waiting hints were sent once Kafka answered").hasValue(MailboxHints.WAITING + 1);
    }

    private static double dropped(SimpleMeterRegistry registry) {
        return registry.get("mailfleet_imap_mailbox_hints_dropped_total").counter().count();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
