package io.mailfleet.events.topic;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics that do not exist yet, for services to call at start-up. Safe to run from many
 * instances at once: a topic another instance created first counts as present. Existing topics are
 * left as they are, whatever their layout.
 *
 * <p>Returns only once every partition's leader serves it. A broker acknowledges a topic creation
 * before it has loaded the partitions; an idempotent producer writing in that gap can have its
 * first request refused while a later one is appended, after which the first fails with
 * OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout (KAFKA-15591).
 */
public final class TopicProvisioner {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READY_POLL = Duration.ofMillis(100);

    private final Map<String, Object> adminProperties;
    private final Duration timeout;

    /**
     * @param clientProperties extra Kafka client settings, e.g. for TLS or SASL
     * @param timeout how long one {@link #createMissing} call may take in all
     */
    public TopicProvisioner(String bootstrapServers, Map<String, String> clientProperties, Duration timeout) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.adminProperties = Map.copyOf(properties);
    }

    public TopicProvisioner(String bootstrapServers) {
        this(bootstrapServers, Map.of(), Duration.ofSeconds(30));
    }

    /** Creates every topic of {@code topics} that is missing. */
    public Set<String> createMissing(Topics topics, TopicLayout layout) {
        return createMissing(topics.all(), layout);
    }

    /**
     * @return the topics this call created; the others already existed
     * @throws TopicProvisioningException if a topic could not be created, e.g. more replicas than
     *     brokers, or Kafka did not answer within the timeout
     */
    public Set<String> createMissing(Collection<String> names, TopicLayout layout) {
        List<NewTopic> wanted = names.stream().distinct()
                .map(name -> new NewTopic(name, layout.partitions(), layout.replicationFactor())
                        .configs(layout.topicConfigs()))
                .toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        Admin admin;
        try {
            admin = Admin.create(adminProperties);
        } catch (KafkaException e) {
            throw new TopicProvisioningException("cannot create a Kafka admin client: " + e.getMessage(), e);
        }
        try {
            CreateTopicsResult result = admin.createTopics(wanted,
                    new CreateTopicsOptions().timeoutMs((int) timeout.toMillis()));
            Set<String> created = new LinkedHashSet<>();
            for (NewTopic topic : wanted) {
                if (awaitCreation(result, topic.name(), deadline)) {
                    created.add(topic.name());
                }
            }
            awaitServed(admin, wanted.stream().map(NewTopic::name).toList(), deadline);
            return created;
        } finally {
            admin.close(CLOSE_TIMEOUT);
        }
    }

    /** True if created, false if it existed. */
    private static boolean awaitCreation(CreateTopicsResult result, String name, long deadline) {
        try {
            await(result.values().get(name), deadline);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new TopicProvisioningException("cannot create topic " + name + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /** Asks each partition's leader for its end offset, which only a leader that loaded the partition answers. */
    private static void awaitServed(Admin admin, List<String> names, long deadline) {
        while (true) {
            try {
                Map<String, TopicDescription> topics = await(admin.describeTopics(names).allTopicNames(), deadline);
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                topics.forEach((name, topic) -> topic.partitions().forEach(
                        partition -> partitions.put(new TopicPartition(name, partition.partition()), OffsetSpec.latest())));
                await(admin.listOffsets(partitions).all(), deadline);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() - deadline > 0) {
                    throw new TopicProvisioningException("topics " + names + " are not served: "
                            + e.getCause().getMessage(), e.getCause());
                }
            }
            pause();
        }
    }

    private static <T> T await(KafkaFuture<T> future, long deadline)
            throws ExecutionException {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new TopicProvisioningException("Kafka did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("interrupted while provisioning topics", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(READY_POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("interrupted while provisioning topics", e);
        }
    }
}
