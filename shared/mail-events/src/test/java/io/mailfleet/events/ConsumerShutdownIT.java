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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructureExtension.class)
class ConsumerShutdownIT {

    private final MessageIdGenerator ids = new MessageIdGenerator();

    @Test
    void closeInterruptsALongPoll(Infrastructure servers) throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, 1);
        ConsumerSettings settings = settings(bootstrap, topics, KafkaTestSupport.freshGroup())
                .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(10));

        try (RunningConsumer<MailAccepted> running = new RunningConsumer<>(settings, MailAccepted.class, event -> { })) {
            Thread.sleep(1_500);

            Duration closing = timed(running.consumer::close);

            assertThat(closing).isLessThan(Duration.ofSeconds(5));
            assertThat(running.endsWithin(Duration.ofSeconds(1))).isTrue();
        }
    }

    @Test
    void closeFinishesTheCurrentRecordCommitsItAndLeavesTheRestForTheNextConsumer(Infrastructure servers)
            throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, 1);
        List<String> published = publish(bootstrap, topics, 5);
        String group = KafkaTestSupport.freshGroup();
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();

        try (RunningConsumer<MailAccepted> running = new RunningConsumer<>(settings(bootstrap, topics, group),
                MailAccepted.class, received -> {
                    handling.countDown();
                    release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                    handled.add(received.event().messageId());
                })) {
            assertThat(handling.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            Thread closer = new Thread(running.consumer::close);
            closer.start();
            closer.join(500);
            assertThat(closer.isAlive()).as("close waits for the record in hand").isTrue();

            release.countDown();
            closer.join(WAIT.toMillis());

            assertThat(closer.isAlive()).isFalse();
            assertThat(running.endsWithin(Duration.ofSeconds(1))).isTrue();
        }
        assertThat(handled).containsExactly(published.get(0));
        assertThat(KafkaTestSupport.committedOffsets(bootstrap, group))
                .containsExactlyEntriesOf(Map.of(new TopicPartition(topics.inbound(), 0), 1L));

        List<String> handledNext = new CopyOnWriteArrayList<>();
        try (RunningConsumer<MailAccepted> next = new RunningConsumer<>(settings(bootstrap, topics, group),
                MailAccepted.class, received -> handledNext.add(received.event().messageId()))) {
            assertThat(KafkaTestSupport.await(() -> handledNext.size() >= 4, WAIT)).isTrue();
        }
        assertThat(handledNext).containsExactlyElementsOf(published.subList(1, 5));
    }

    @Test
    void closeBetweenAttemptsLeavesTheRecordUncommitted(Infrastructure servers) throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, 1);
        publish(bootstrap, topics, 1);
        String group = KafkaTestSupport.freshGroup();
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        ConsumerSettings settings = settings(bootstrap, topics, group).withRetries(3, Duration.ofSeconds(60));

        try (RunningConsumer<MailAccepted> running = new RunningConsumer<>(settings, MailAccepted.class, received -> {
            attempts.add(received.attempt());
            throw new IllegalStateException("down");
        })) {
            assertThat(KafkaTestSupport.await(() -> !attempts.isEmpty(), WAIT)).isTrue();

            Duration closing = timed(running.consumer::close);

            assertThat(closing).isLessThan(Duration.ofSeconds(5));
            assertThat(running.endsWithin(Duration.ofSeconds(1))).isTrue();
            assertThat(running.consumer.deadLetteredCount()).isZero();
        }
        assertThat(attempts).containsExactly(1);
        assertThat(KafkaTestSupport.committedOffsets(bootstrap, group)).isEmpty();
        assertThat(KafkaTestSupport.recordCount(bootstrap, topics.deadLetter())).isZero();
    }

    private List<String> publish(String bootstrap, Topics topics, int count) throws Exception {
        List<String> published = new ArrayList<>();
        try (EventPublisher publisher = new EventPublisher(ProducerSettings.defaults(bootstrap), topics)) {
            for (int i = 0; i < count; i++) {
                MailAccepted event = SampleEvents.mailAccepted(ids.next().toString());
                publisher.publish(event).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                published.add(event.messageId());
            }
        }
        return published;
    }

    private static ConsumerSettings settings(String bootstrap, Topics topics, String group) {
        return ConsumerSettings.defaults(bootstrap, group, List.of(topics.inbound()), topics.deadLetter());
    }

    private static Duration timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
