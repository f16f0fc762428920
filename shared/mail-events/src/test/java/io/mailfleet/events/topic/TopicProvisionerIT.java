package io.mailfleet.events.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructureExtension.class)
class TopicProvisionerIT {

    @Test
    void createsMissingTopicsWithTheRequestedPartitionsAndLeavesThemOnTheSecondRun(Infrastructure servers)
            throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        String prefix = "it-" + UUID.randomUUID() + ".";
        Topics topics = new Topics(prefix + "in", prefix + "out", prefix + "box", prefix + "dead");
        TopicProvisioner provisioner = new TopicProvisioner(bootstrap);

        Set<String> created = provisioner.createMissing(topics, new TopicLayout(3, (short) 1));
        Set<String> createdAgain = provisioner.createMissing(topics, new TopicLayout(5, (short) 1));

        assertThat(created).containsExactlyInAnyOrderElementsOf(topics.all());
        assertThat(createdAgain).isEmpty();
        assertThat(partitionCounts(bootstrap, topics.all()))
                .containsOnlyKeys(topics.all())
                .allSatisfy((name, partitions) -> assertThat(partitions).isEqualTo(3));
    }

    @Test
    void concurrentProvisionersCreateEachTopicOnceAndAllSucceed(Infrastructure servers) throws Exception {
        String bootstrap = servers.kafka().bootstrapServers();
        List<String> names = List.of("it-" + UUID.randomUUID(), "it-" + UUID.randomUUID(), "it-" + UUID.randomUUID());
        int instances = 4;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            List<Future<Set<String>>> results = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return new TopicProvisioner(bootstrap).createMissing(names, new TopicLayout(2, (short) 1));
                }));
            }
            go.countDown();

            List<String> createdByAnyone = new ArrayList<>();
            for (Future<Set<String>> result : results) {
                createdByAnyone.addAll(result.get(60, TimeUnit.SECONDS));
            }
            assertThat(createdByAnyone).containsExactlyInAnyOrderElementsOf(names);
            assertThat(partitionCounts(bootstrap, names)).containsOnlyKeys(new HashSet<>(names));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void moreReplicasThanBrokersFailsNamingTheTopic(Infrastructure servers) {
        String name = "it-" + UUID.randomUUID();

        assertThatThrownBy(() -> new TopicProvisioner(servers.kafka().bootstrapServers())
                .createMissing(List.of(name), new TopicLayout(1, (short) 3)))
                .isInstanceOf(TopicProvisioningException.class)
                .hasMessageContaining("cannot create topic " + name);
    }

    private static Map<String, Integer> partitionCounts(String bootstrap, List<String> names) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<String, Integer> counts = new HashMap<>();
            descriptions.forEach((name, description) -> counts.put(name, description.partitions().size()));
            return counts;
        }
    }
}
