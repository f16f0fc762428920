package io.mailfleet.events;

import static io.mailfleet.events.KafkaTestSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.events.KafkaTestSupport.RunningConsumer;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructureExtension.class)
class RebalanceIT {

    private static final int EVENTS = 300;

    @Test
    void aConsumerJoiningMidStreamTakesOverPartitionsWithoutLossOrRepeats(Infrastructure servers) throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, 3);
        Set<String> published = publish(bootstrap, topics);
        String group = KafkaTestSupport.freshGroup();
        ConsumerSettings settings = ConsumerSettings.defaults(bootstrap, group, List.of(topics.inbound()),
                topics.deadLetter()).withClientProperties(Map.of(
                        // Short batches and frequent heartbeats: the first consumer notices the newcomer
                        // and gives up partitions while most of the stream is still unprocessed.
                        "max.poll.records", "10",
                        "heartbeat.interval.ms", "300"));
        List<String> byFirst = new CopyOnWriteArrayList<>();
        List<String> bySecond = new CopyOnWriteArrayList<>();

        try (RunningConsumer<MailAccepted> first = new RunningConsumer<>(settings, MailAccepted.class,
                received -> slowly(byFirst, received))) {
            assertThat(KafkaTestSupport.await(() -> byFirst.size() >= 50, WAIT)).isTrue();
            try (RunningConsumer<MailAccepted> second = new RunningConsumer<>(settings, MailAccepted.class,
                    received -> slowly(bySecond, received))) {
                assertThat(KafkaTestSupport.await(() -> byFirst.size() + bySecond.size() >= EVENTS,
                        Duration.ofSeconds(60))).isTrue();
                Thread.sleep(500);
            }
        }

        List<String> all = new ArrayList<>(byFirst);
        all.addAll(bySecond);
        assertThat(bySecond).as("the second consumer was given partitions").isNotEmpty();
        assertThat(all).doesNotHaveDuplicates();
        assertThat(new HashSet<>(all)).isEqualTo(published);
    }

    private static void slowly(List<String> handled, ReceivedEvent<MailAccepted> received) throws InterruptedException {
        Thread.sleep(10);
        handled.add(received.event().messageId());
    }

    private static Set<String> publish(String bootstrap, Topics topics) throws Exception {
        MessageIdGenerator ids = new MessageIdGenerator();
        Set<String> published = new HashSet<>();
        List<CompletableFuture<PublishedPosition>> acks = new ArrayList<>();
        try (EventPublisher publisher = new EventPublisher(ProducerSettings.defaults(bootstrap), topics)) {
            for (int i = 0; i < EVENTS; i++) {
                MailAccepted event = SampleEvents.mailAccepted(ids.next().toString());
                acks.add(publisher.publish(event).toCompletableFuture());
                published.add(event.messageId());
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        return published;
    }
}
