package io.mailfleet.delivery.process;

import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker started against topics that do not exist yet creates them before any of its consumers subscribes: no
 * consumer, the relay's included, asks the broker for a topic it does not have (which the Kafka client logs as
 * {@code UNKNOWN_TOPIC_OR_PARTITION} until the topic appears).
 */
@ExtendWith(RealInfrastructureExtension.class)
class TopicsBeforeConsumersIT {

    private static final Duration WAIT = Duration.ofMinutes(2);

    @Test
    void theTopicsExistBeforeTheRelaysConsumersSubscribe(Infrastructure servers) throws Exception {
        String run = "start" + UUID.randomUUID().toString().substring(0, 8);
        String outbound = run + ".outbound";
        String relayGroup = run + "-relay";
        Map<String, String> settings = Map.of(
                "mailfleet.topics.inbound", run + ".inbound",
                "mailfleet.topics.outbound", outbound,
                "mailfleet.topics.mailbox-events", run + ".mailbox",
                "mailfleet.topics.dead-letter", run + ".dead",
                "mailfleet.delivery.consumer-group", run,
                "mailfleet.delivery.inbound-consumers", "1",
                "mailfleet.delivery.retry.topic-prefix", run + ".retry",
                "mailfleet.relay.consumer-group", relayGroup,
                "mailfleet.relay.consumers", "1");
        Path log = Files.createDirectories(Path.of("target", "topics-test")).resolve(run + ".log");

        try (WorkerProcess worker = WorkerProcess.start(servers, settings, log)) {
            // Partitions of the outbound topic handed to the relay's consumer: it has subscribed and found the topic.
            boolean assigned = false;
            for (long deadline = System.nanoTime() + WAIT.toNanos(); !assigned && worker.isAlive()
                    && System.nanoTime() < deadline; ) {
                Thread.sleep(200);
                assigned = lines(log).stream().anyMatch(line -> line.contains("groupId=" + relayGroup)
                        && line.contains(outbound + "-"));
            }
            assertThat(assigned).as("the relay's consumer is assigned partitions of %s; the worker's log is %s", outbound, log)
                    .isTrue();
            assertThat(lines(log)).as("the worker's log").noneMatch(line -> line.contains("UNKNOWN_TOPIC_OR_PARTITION"));
        }
    }

    private static List<String> lines(Path log) throws IOException {
        return Files.readAllLines(log);
    }
}
