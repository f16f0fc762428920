package io.mailfleet.events;

import static io.mailfleet.events.KafkaTestSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.events.KafkaTestSupport.RunningConsumer;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer SIGKILLed mid-stream, in its own JVM, and a second one that takes over its group:
 * every event must be processed, and only those after the killed consumer's last commit twice.
 */
@ExtendWith(RealInfrastructureExtension.class)
class KillAndRestartIT {

    private static final int EVENTS = 500;
    private static final int PARTITIONS = 3;
    private static final int KILL_AFTER = 150;
    private static final long MILLIS_PER_RECORD = 10;

    /** One processed record: where it was and which event it carried. */
    private record Processed(int partition, long offset, String messageId) {

        TopicPartition topicPartition(String topic) {
            return new TopicPartition(topic, partition);
        }
    }

    @Test
    void aKilledConsumersSuccessorProcessesEverythingAfterItsLastCommit(Infrastructure servers, @TempDir Path dir)
            throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, PARTITIONS);
        String topic = topics.inbound();
        String group = KafkaTestSupport.freshGroup();
        Set<Processed> published = publish(bootstrap, topics);

        Path output = dir.resolve("killed-consumer.txt");
        Process killed = startConsumerProcess(bootstrap, topics, group, output, dir.resolve("killed-consumer.log"));
        List<Processed> byKilled;
        try {
            // The bound covers a JVM starting and joining the group on a loaded machine (a parallel build
            // beside other builds took over 60 s); the kill still comes after KILL_AFTER records.
            boolean midStream = KafkaTestSupport.await(
                    () -> !killed.isAlive() || completeLines(output).size() >= KILL_AFTER, Duration.ofSeconds(180));
            assertThat(killed.isAlive()).as("consumer process alive; its log: %s", log(dir)).isTrue();
            assertThat(midStream).as("consumer process made progress; its log: %s", log(dir)).isTrue();
            killed.destroyForcibly();
            assertThat(killed.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            byKilled = completeLines(output);
        } finally {
            killed.destroyForcibly();
        }

        Map<TopicPartition, Long> committed = KafkaTestSupport.committedOffsets(bootstrap, group);
        long committedTotal = committed.values().stream().mapToLong(Long::longValue).sum();
        assertThat(committedTotal).as("the killed consumer committed, but not everything").isBetween(1L, EVENTS - 1L);
        assertThat(Set.copyOf(byKilled)).isSubsetOf(published).hasSizeLessThan(EVENTS);

        Set<Processed> afterLastCommit = published.stream()
                .filter(record -> record.offset() >= committed.getOrDefault(record.topicPartition(topic), 0L))
                .collect(Collectors.toSet());
        Set<Processed> committedUnprocessed = new HashSet<>(published);
        committedUnprocessed.removeAll(afterLastCommit);
        byKilled.forEach(committedUnprocessed::remove);
        assertThat(committedUnprocessed).as("records committed but never processed").isEmpty();

        List<Processed> bySuccessor = new CopyOnWriteArrayList<>();
        try (RunningConsumer<MailAccepted> successor = new RunningConsumer<>(
                ConsumerSettings.defaults(bootstrap, group, List.of(topic), topics.deadLetter()),
                MailAccepted.class, received -> bySuccessor.add(new Processed(received.partition(), received.offset(),
                        received.event().messageId())))) {
            assertThat(KafkaTestSupport.await(() -> bySuccessor.size() >= afterLastCommit.size(), Duration.ofSeconds(60)))
                    .as("the successor took over within a minute").isTrue();
            // Long enough for an unexpected extra record to show up.
            Thread.sleep(500);
        }

        assertThat(bySuccessor).doesNotHaveDuplicates();
        assertThat(Set.copyOf(bySuccessor)).isEqualTo(afterLastCommit);
        Set<Processed> processedTwice = new HashSet<>(byKilled);
        processedTwice.retainAll(bySuccessor);
        assertThat(processedTwice).as("only records after the last commit are redelivered")
                .isSubsetOf(afterLastCommit)
                .isEqualTo(byKilled.stream().filter(afterLastCommit::contains).collect(Collectors.toSet()));
        Set<Processed> processed = new HashSet<>(byKilled);
        processed.addAll(bySuccessor);
        assertThat(processed).isEqualTo(published);
    }

    private static Set<Processed> publish(String bootstrap, Topics topics) throws Exception {
        MessageIdGenerator ids = new MessageIdGenerator();
        Map<String, CompletableFuture<PublishedPosition>> acks = new HashMap<>();
        try (EventPublisher publisher = new EventPublisher(ProducerSettings.defaults(bootstrap), topics)) {
            for (int i = 0; i < EVENTS; i++) {
                MailAccepted event = SampleEvents.mailAccepted(ids.next().toString());
                acks.put(event.messageId(), publisher.publish(event).toCompletableFuture());
            }
            CompletableFuture.allOf(acks.values().toArray(CompletableFuture[]::new))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        Set<Processed> published = new HashSet<>();
        acks.forEach((id, ack) -> {
            PublishedPosition position = ack.join();
            published.add(new Processed(position.partition(), position.offset(), id));
        });
        assertThat(published).extracting(Processed::partition).containsOnly(0, 1, 2);
        return published;
    }

    private static Process startConsumerProcess(String bootstrap, Topics topics, String group, Path output, Path log)
            throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                RecordingConsumerMain.class.getName(), bootstrap, topics.inbound(), topics.deadLetter(), group,
                output.toString(), Long.toString(MILLIS_PER_RECORD))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** The lines the killed process finished writing; a kill mid-write leaves the last one partial. */
    private static List<Processed> completeLines(Path output) {
        String text;
        try {
            text = Files.exists(output) ? Files.readString(output, StandardCharsets.US_ASCII) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<Processed> lines = new ArrayList<>();
        int start = 0;
        for (int end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
            String[] fields = text.substring(start, end).split(" ");
            lines.add(new Processed(Integer.parseInt(fields[0]), Long.parseLong(fields[1]), fields[2]));
        }
        return lines;
    }

    private static String log(Path dir) {
        try {
            Path log = dir.resolve("killed-consumer.log");
            return Files.exists(log) ? Files.readString(log) : "(none)";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
