package io.mailfleet.events;

import static io.mailfleet.events.KafkaTestSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.events.KafkaTestSupport.RunningConsumer;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An {@link AcknowledgedBatchHandler}'s batches against a real broker: the consumer stores the next
 * batches while an earlier one awaits its acknowledgement, a bounded number of them, and commits
 * nothing past a batch not acknowledged; a batch whose acknowledgement fails is read again with the
 * batches after it.
 */
@ExtendWith(RealInfrastructureExtension.class)
class AcknowledgedBatchesIT {

    private final MessageIdGenerator ids = new MessageIdGenerator();

    /** Stores each batch (one record here) by noting its offset; the first batch's acknowledgement is the test's. */
    private static final class HeldFirst implements AcknowledgedBatchHandler<MailAccepted> {
        final List<Long> stored = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> firstAcknowledged = new CompletableFuture<>();

        @Override
        public CompletionStage<?> store(List<ReceivedEvent<MailAccepted>> batch) {
            batch.forEach(received -> stored.add(received.offset()));
            boolean first = stored.size() == batch.size();
            return first ? firstAcknowledged : CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void laterBatchesAreStoredWhileTheFirstAwaitsItsAcknowledgementAndNothingIsCommittedPastIt(Infrastructure servers)
            throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, 1);
        publish(bootstrap, topics, EventConsumer.UNACKNOWLEDGED_BATCHES + 2);
        String group = KafkaTestSupport.freshGroup();
        HeldFirst handler = new HeldFirst();

        try (RunningConsumer<MailAccepted> running = new RunningConsumer<>(settings(bootstrap, topics, group),
                MailAccepted.class, handler)) {
            assertThat(KafkaTestSupport.await(() -> handler.stored.size() >= EventConsumer.UNACKNOWLEDGED_BATCHES, WAIT))
                    .as("the next batches are stored meanwhile").isTrue();
            Thread.sleep(1_500);
            assertThat(handler.stored).as("no more than the bound before the first is acknowledged")
                    .containsExactly(0L, 1L, 2L, 3L);
            assertThat(KafkaTestSupport.committedOffsets(bootstrap, group)).as("nothing passes the first batch").isEmpty();

            handler.firstAcknowledged.complete(null);

            assertThat(KafkaTestSupport.await(() -> handler.stored.size() == 6, WAIT)).isTrue();
            assertThat(KafkaTestSupport.await(() -> committed(bootstrap, group, topics) == 6L, WAIT)).isTrue();
        }
        assertThat(handler.stored).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aBatchNotAcknowledgedIsReadAgainWithTheBatchesStoredAfterIt(Infrastructure servers) throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, 1);
        publish(bootstrap, topics, 3);
        String group = KafkaTestSupport.freshGroup();
        HeldFirst handler = new HeldFirst();

        try (RunningConsumer<MailAccepted> running = new RunningConsumer<>(settings(bootstrap, topics, group),
                MailAccepted.class, handler)) {
            assertThat(KafkaTestSupport.await(() -> handler.stored.size() == 3, WAIT)).isTrue();

            handler.firstAcknowledged.completeExceptionally(new IllegalStateException("the broker did not answer"));

            assertThat(KafkaTestSupport.await(() -> handler.stored.size() == 6, WAIT)).isTrue();
            assertThat(KafkaTestSupport.await(() -> committed(bootstrap, group, topics) == 3L, WAIT)).isTrue();
        }
        assertThat(handler.stored).containsExactly(0L, 1L, 2L, 0L, 1L, 2L);
    }

    private static long committed(String bootstrap, String group, Topics topics) {
        try {
            return KafkaTestSupport.committedOffsets(bootstrap, group)
                    .getOrDefault(new TopicPartition(topics.inbound(), 0), -1L);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void publish(String bootstrap, Topics topics, int count) throws Exception {
        try (EventPublisher publisher = new EventPublisher(ProducerSettings.defaults(bootstrap), topics)) {
            for (int i = 0; i < count; i++) {
                publisher.publish(SampleEvents.mailAccepted(ids.next().toString())).toCompletableFuture()
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    /** One record per poll, so that each is a batch of its own. */
    private static ConsumerSettings settings(String bootstrap, Topics topics, String group) {
        return ConsumerSettings.defaults(bootstrap, group, List.of(topics.inbound()), topics.deadLetter())
                .withClientProperties(Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1"));
    }
}
