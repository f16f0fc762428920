package io.mailfleet.events.topic;

import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How new topics are laid out across the cluster.
 *
 * @param partitions the upper bound on consumer parallelism; raising it later reshuffles keys
 * @param replicationFactor 1 for a single local broker, 3 in production
 */
public record TopicLayout(int partitions, short replicationFactor) {

    public TopicLayout {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be at least 1, got " + replicationFactor);
        }
    }

    /**
     * A majority of the replicas: with acks=all an acknowledged record is then on more than half of
     * them, so losing a minority of brokers loses nothing that was acknowledged (docs/architecture.md, invariant 1).
     * Publishing stops, with an error, rather than accepting mail on fewer copies.
     */
    public int minInSyncReplicas() {
        return replicationFactor / 2 + 1;
    }

    /** The topic settings to create with; a single replica keeps the broker default. */
    public Map<String, String> topicConfigs() {
        return replicationFactor > 1
                ? Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInSyncReplicas()))
                : Map.of();
    }
}
