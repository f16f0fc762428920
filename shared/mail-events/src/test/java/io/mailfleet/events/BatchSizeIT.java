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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A backlog of accepted messages, each published on its own as smtp-ingress publishes them, is handed to the
 * batch handler in polls as large as {@link ConsumerSettings#withBatchSize} asks, not cut short by the fetch.
 */
@ExtendWith(RealInfrastructureExtension.class)
class BatchSizeIT {

    private static final int BATCH = 50;

    private final MessageIdGenerator ids = new MessageIdGenerator();

    @Test
    void aBacklogIsHandedOutInFullBatches(Infrastructure servers) throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, 1);
        publishOneByOne(bootstrap, topics, 3 * BATCH);
        List<Integer> batches = new CopyOnWriteArrayList<>();
        BatchEventHandler<MailAccepted> handler = batch -> batches.add(batch.size());
        ConsumerSettings settings = ConsumerSettings.defaults(bootstrap, KafkaTestSupport.freshGroup(),
                List.of(topics.inbound()), topics.deadLetter()).withBatchSize(BATCH);

        try (RunningConsumer<MailAccepted> running = new RunningConsumer<>(settings, MailAccepted.class, handler)) {
            assertThat(KafkaTestSupport.await(() -> batches.stream().mapToInt(Integer::intValue).sum() == 3 * BATCH, WAIT))
                    .as("the backlog is handled").isTrue();
        }
        // The last batch may take what is left of a fetch; the first two are full.
        assertThat(batches.subList(0, 2)).containsExactly(BATCH, BATCH);
    }

    /** Each event acknowledged before the next is sent: one record batch each in the log, as ingress writes them. */
    private void publishOneByOne(String bootstrap, Topics topics, int count) throws Exception {
        try (EventPublisher publisher = new EventPublisher(ProducerSettings.defaults(bootstrap), topics)) {
            for (int i = 0; i < count; i++) {
                publisher.publish(SampleEvents.mailAccepted(ids.next().toString())).toCompletableFuture()
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }
}
