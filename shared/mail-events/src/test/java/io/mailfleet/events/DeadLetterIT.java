package io.mailfleet.events;

import static io.mailfleet.events.KafkaTestSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.events.KafkaTestSupport.RunningConsumer;
import io.mailfleet.events.codec.EventCodec;
import io.mailfleet.events.codec.EventDecodingException;
import io.mailfleet.events.codec.UnsupportedEventVersionException;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructureExtension.class)
class DeadLetterIT {

    private static final int MAX_ATTEMPTS = 3;

    private final MessageIdGenerator ids = new MessageIdGenerator();

    @Test
    void aRecordThatKeepsFailingIsDeadLetteredAndTheRecordsAfterItAreProcessed(Infrastructure servers)
            throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, 1);
        List<MailAccepted> events = publish(bootstrap, topics, 5);
        String doomed = events.get(2).messageId();
        Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();
        List<String> handled = new CopyOnWriteArrayList<>();
        String group = KafkaTestSupport.freshGroup();

        try (RunningConsumer<MailAccepted> running = new RunningConsumer<>(settings(bootstrap, topics, group),
                MailAccepted.class, received -> {
                    String id = received.event().messageId();
                    attempts.computeIfAbsent(id, key -> new CopyOnWriteArrayList<>()).add(received.attempt());
                    if (id.equals(doomed)) {
                        throw new IllegalStateException("cannot deliver " + id);
                    }
                    handled.add(id);
                })) {
            assertThat(KafkaTestSupport.await(() -> handled.size() == 4
                    && running.consumer.deadLetteredCount() == 1, WAIT)).isTrue();
            assertThat(running.consumer.processedCount()).isEqualTo(4);
            assertThat(running.consumer.retriedCount()).isEqualTo(MAX_ATTEMPTS - 1);
        }

        assertThat(handled).containsExactly(events.get(0).messageId(), events.get(1).messageId(),
                events.get(3).messageId(), events.get(4).messageId());
        assertThat(attempts.get(doomed)).containsExactly(1, 2, 3);
        assertThat(attempts).allSatisfy((id, tries) -> assertThat(tries).hasSize(id.equals(doomed) ? 3 : 1));

        List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestSupport.readRecords(bootstrap, topics.deadLetter(), 1);
        assertThat(dead).singleElement().satisfies(record -> {
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(doomed);
            assertThat(new EventCodec().decode(record.value(), MailAccepted.class)).isEqualTo(events.get(2));
            assertThat(header(record.headers(), DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(topics.inbound());
            assertThat(header(record.headers(), DeadLetterHeaders.ORIGINAL_PARTITION)).isEqualTo("0");
            assertThat(header(record.headers(), DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo("2");
            assertThat(header(record.headers(), DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
            assertThat(header(record.headers(), DeadLetterHeaders.REASON_CLASS))
                    .isEqualTo(IllegalStateException.class.getName());
            assertThat(header(record.headers(), DeadLetterHeaders.REASON_MESSAGE)).isEqualTo("cannot deliver " + doomed);
        });
        assertThat(KafkaTestSupport.committedOffsets(bootstrap, group))
                .containsEntry(new TopicPartition(topics.inbound(), 0), 5L);
    }

    @Test
    void aTransientFailureIsRetriedAndNotDeadLettered(Infrastructure servers) throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, 1);
        publish(bootstrap, topics, 1);
        List<Integer> attempts = new CopyOnWriteArrayList<>();

        try (RunningConsumer<MailAccepted> running = new RunningConsumer<>(
                settings(bootstrap, topics, KafkaTestSupport.freshGroup()), MailAccepted.class, received -> {
                    attempts.add(received.attempt());
                    if (received.attempt() < MAX_ATTEMPTS) {
                        throw new IOException("store busy");
                    }
                })) {
            assertThat(KafkaTestSupport.await(() -> running.consumer.processedCount() == 1, WAIT)).isTrue();
            assertThat(running.consumer.retriedCount()).isEqualTo(2);
            assertThat(running.consumer.deadLetteredCount()).isZero();
        }

        assertThat(attempts).containsExactly(1, 2, 3);
        assertThat(KafkaTestSupport.recordCount(bootstrap, topics.deadLetter())).isZero();
    }

    @Test
    void aRecordWhoseDependencyIsDownWaitsForItInsteadOfBeingDeadLettered(Infrastructure servers) throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, 1);
        List<MailAccepted> events = publish(bootstrap, topics, 2);
        int outageCalls = MAX_ATTEMPTS * 3;
        List<String> calls = new CopyOnWriteArrayList<>();

        try (RunningConsumer<MailAccepted> running = new RunningConsumer<>(
                settings(bootstrap, topics, KafkaTestSupport.freshGroup()), MailAccepted.class, received -> {
                    calls.add(received.event().messageId());
                    if (calls.size() <= outageCalls) {
                        throw new RetryLaterException("store down", new IOException("connection refused"));
                    }
                })) {
            assertThat(KafkaTestSupport.await(() -> running.consumer.processedCount() == 2, WAIT)).isTrue();
            assertThat(running.consumer.deadLetteredCount()).isZero();
        }

        assertThat(calls.subList(0, outageCalls + 1)).as("the first record, again and again until the store is back")
                .containsOnly(events.get(0).messageId());
        assertThat(calls.get(outageCalls + 1)).isEqualTo(events.get(1).messageId());
        assertThat(KafkaTestSupport.recordCount(bootstrap, topics.deadLetter())).isZero();
    }

    @Test
    void undecodableRecordsGoStraightToTheDeadLetterTopic(Infrastructure servers) throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, 1);
        byte[] garbage = "not json".getBytes(StandardCharsets.UTF_8);
        byte[] fromTheFuture = new String(new EventCodec().encode(SampleEvents.mailAccepted()), StandardCharsets.UTF_8)
                .replace("\"version\":1", "\"version\":99").getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topics.inbound(), "poison".getBytes(StandardCharsets.UTF_8), garbage))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            raw.send(new ProducerRecord<>(topics.inbound(), "future".getBytes(StandardCharsets.UTF_8), fromTheFuture))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        MailAccepted valid = publish(bootstrap, topics, 1).get(0);
        List<ReceivedEvent<MailAccepted>> handled = new CopyOnWriteArrayList<>();
        String group = KafkaTestSupport.freshGroup();

        try (RunningConsumer<MailAccepted> running = new RunningConsumer<>(settings(bootstrap, topics, group),
                MailAccepted.class, handled::add)) {
            assertThat(KafkaTestSupport.await(() -> handled.size() == 1
                    && running.consumer.deadLetteredCount() == 2, WAIT)).isTrue();
            assertThat(running.consumer.retriedCount()).isZero();
        }

        assertThat(handled).singleElement().satisfies(received -> assertThat(received.event()).isEqualTo(valid));
        List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestSupport.readRecords(bootstrap, topics.deadLetter(), 2);
        assertThat(dead).hasSize(2);
        assertThat(dead).extracting(record -> new String(record.key(), StandardCharsets.UTF_8))
                .containsExactly("poison", "future");
        assertThat(dead.get(0).value()).isEqualTo(garbage);
        assertThat(dead.get(1).value()).isEqualTo(fromTheFuture);
        assertThat(dead).allSatisfy(record -> assertThat(header(record.headers(), DeadLetterHeaders.ATTEMPTS))
                .isEqualTo("0"));
        assertThat(header(dead.get(0).headers(), DeadLetterHeaders.REASON_CLASS))
                .isEqualTo(EventDecodingException.class.getName());
        assertThat(header(dead.get(0).headers(), DeadLetterHeaders.REASON_MESSAGE)).startsWith("not JSON");
        assertThat(header(dead.get(1).headers(), DeadLetterHeaders.REASON_CLASS))
                .isEqualTo(UnsupportedEventVersionException.class.getName());
        assertThat(header(dead.get(1).headers(), DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo("1");
        assertThat(KafkaTestSupport.committedOffsets(bootstrap, group))
                .containsEntry(new TopicPartition(topics.inbound(), 0), 3L);
    }

    @Test
    void aBatchHandlerGetsThePollsRecordsAtOnceAndTheyAreCommittedAfterIt(Infrastructure servers) throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, 1);
        List<MailAccepted> events = publish(bootstrap, topics, 5);
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        String group = KafkaTestSupport.freshGroup();
        BatchEventHandler<MailAccepted> handler = batch -> batches.add(ids(batch));

        try (RunningConsumer<MailAccepted> running = new RunningConsumer<>(settings(bootstrap, topics, group),
                MailAccepted.class, handler)) {
            assertThat(KafkaTestSupport.await(() -> running.consumer.processedCount() == 5, WAIT)).isTrue();
        }

        assertThat(batches.stream().flatMap(List::stream).toList())
                .containsExactlyElementsOf(events.stream().map(MailAccepted::messageId).toList());
        assertThat(batches).as("records published before the consumer started come in one poll")
                .anySatisfy(batch -> assertThat(batch).hasSizeGreaterThan(1));
        assertThat(KafkaTestSupport.committedOffsets(bootstrap, group))
                .containsEntry(new TopicPartition(topics.inbound(), 0), 5L);
    }

    @Test
    void aBatchWithABadRecordGoesOneAtATimeAndOnlyTheBadOneIsDeadLettered(Infrastructure servers) throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, 1);
        List<MailAccepted> events = publish(bootstrap, topics, 5);
        String doomed = events.get(2).messageId();
        List<String> handled = new CopyOnWriteArrayList<>();
        List<Integer> doomedAttempts = new CopyOnWriteArrayList<>();
        String group = KafkaTestSupport.freshGroup();
        BatchEventHandler<MailAccepted> handler = batch -> {
            List<String> batchIds = ids(batch);
            if (batchIds.contains(doomed)) {
                if (batchIds.size() == 1) {
                    doomedAttempts.add(batch.get(0).attempt());
                }
                throw new IllegalStateException("cannot deliver " + doomed);
            }
            handled.addAll(batchIds);
        };

        try (RunningConsumer<MailAccepted> running = new RunningConsumer<>(settings(bootstrap, topics, group),
                MailAccepted.class, handler)) {
            assertThat(KafkaTestSupport.await(() -> handled.size() == 4
                    && running.consumer.deadLetteredCount() == 1, WAIT)).isTrue();
        }

        assertThat(handled).containsExactly(events.get(0).messageId(), events.get(1).messageId(),
                events.get(3).messageId(), events.get(4).messageId());
        assertThat(doomedAttempts).containsExactly(1, 2, 3);
        assertThat(KafkaTestSupport.readRecords(bootstrap, topics.deadLetter(), 1)).singleElement()
                .satisfies(record -> assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(doomed));
        assertThat(KafkaTestSupport.committedOffsets(bootstrap, group))
                .containsEntry(new TopicPartition(topics.inbound(), 0), 5L);
    }

    @Test
    void aBatchThatMustWaitIsReadAgainWhole(Infrastructure servers) throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, 1);
        List<String> published = publish(bootstrap, topics, 5).stream().map(MailAccepted::messageId).toList();
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        BatchEventHandler<MailAccepted> handler = batch -> {
            calls.add(ids(batch));
            if (calls.size() <= 2) {
                throw new RetryLaterException("store down", new IOException("connection refused"));
            }
        };

        try (RunningConsumer<MailAccepted> running = new RunningConsumer<>(
                settings(bootstrap, topics, KafkaTestSupport.freshGroup()), MailAccepted.class, handler)) {
            assertThat(KafkaTestSupport.await(() -> running.consumer.processedCount() == 5, WAIT)).isTrue();
            assertThat(running.consumer.deadLetteredCount()).isZero();
        }

        assertThat(calls.subList(0, 2)).as("the batch that waited comes again from its first record")
                .allSatisfy(batch -> assertThat(batch).startsWith(published.get(0)));
        assertThat(calls.subList(2, calls.size()).stream().flatMap(List::stream).toList())
                .containsExactlyElementsOf(published);
        assertThat(KafkaTestSupport.recordCount(bootstrap, topics.deadLetter())).isZero();
    }

    private static List<String> ids(List<ReceivedEvent<MailAccepted>> batch) {
        return batch.stream().map(received -> received.event().messageId()).toList();
    }

    private List<MailAccepted> publish(String bootstrap, Topics topics, int count) throws Exception {
        List<MailAccepted> events = new ArrayList<>();
        try (EventPublisher publisher = new EventPublisher(ProducerSettings.defaults(bootstrap), topics)) {
            for (int i = 0; i < count; i++) {
                MailAccepted event = SampleEvents.mailAccepted(ids.next().toString());
                publisher.publish(event).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                events.add(event);
            }
        }
        return events;
    }

    private static ConsumerSettings settings(String bootstrap, Topics topics, String group) {
        return ConsumerSettings.defaults(bootstrap, group, List.of(topics.inbound()), topics.deadLetter())
                .withRetries(MAX_ATTEMPTS, Duration.ofMillis(50));
    }

    private static String header(Headers headers, String name) {
        return DeadLetterHeaders.value(headers, name).orElse(null);
    }
}
