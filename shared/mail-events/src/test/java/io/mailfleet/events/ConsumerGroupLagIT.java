package io.mailfleet.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.events.ConsumerGroupLag.TopicLag;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The group's lag counts every partition from its committed offset, or from its start when the
 * group never committed there, with no member of the group running at all.
 */
@ExtendWith(RealInfrastructureExtension.class)
class ConsumerGroupLagIT {

    private static final int EVENTS = 12;

    @Test
    void countsEveryPartitionFromItsCommitWithNoMemberRunning(Infrastructure servers) throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        Topics topics = KafkaTestSupport.freshTopics(bootstrap, 3);
        String group = KafkaTestSupport.freshGroup();
        Instant before = Instant.now();
        MessageIdGenerator ids = new MessageIdGenerator();
        try (EventPublisher publisher = new EventPublisher(ProducerSettings.defaults(bootstrap), topics)) {
            for (int i = 0; i < EVENTS; i++) {
                publisher.publish(SampleEvents.mailAccepted(ids.next().toString())).toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
            }
        }
        TopicPartition first = new TopicPartition(topics.inbound(), 0);
        long firstEnd = endOffset(bootstrap, first);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // As if a member had processed partition 0 entirely and died before touching the others.
            admin.alterConsumerGroupOffsets(group, Map.of(first, new OffsetAndMetadata(firstEnd)))
                    .all().get(10, TimeUnit.SECONDS);
        }
        Thread.sleep(1000);

        try (ConsumerGroupLag lag = new ConsumerGroupLag(bootstrap, Map.of(), Duration.ofSeconds(5), Clock.systemUTC())) {
            List<TopicLag> measured = lag.measure(group, List.of(topics.inbound(), topics.outbound()));

            assertThat(measured).hasSize(2);
            TopicLag inbound = measured.get(0);
            assertThat(inbound.topic()).isEqualTo(topics.inbound());
            assertThat(inbound.records()).isEqualTo(EVENTS - firstEnd);
            assertThat(inbound.oldestWaiting()).isBetween(Duration.ofMillis(900),
                    Duration.between(before, Instant.now()));
            assertThat(measured.get(1)).isEqualTo(new TopicLag(group, topics.outbound(), 0, Duration.ZERO));
        }
    }

    private static long endOffset(String bootstrap, TopicPartition partition) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .partitionResult(partition).get(10, TimeUnit.SECONDS).offset();
        }
    }
}
