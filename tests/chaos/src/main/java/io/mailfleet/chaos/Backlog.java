package io.mailfleet.chaos;

import io.mailfleet.events.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Whether delivery has handled every event there is: each record of the work topics (inbound,
 * outbound and the retry delays) is committed by every consumer group that reads the topic, and a
 * topic holding records is read by some group. Consumers commit after the effect, and the delay
 * line commits a retry after forwarding it, so a drained backlog means no copy is still on its way.
 */
final class Backlog {

    /** The delivery workers' default prefix of their retry delay topics. */
    private static final String RETRY_PREFIX = "mail.retry.";
    private static final long TIMEOUT_SECONDS = 10;

    private Backlog() {
    }

    static boolean drained(Admin kafka) throws InterruptedException {
        try {
            Set<String> work = kafka.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                    .filter(topic -> topic.equals(Topics.DEFAULTS.inbound()) || topic.equals(Topics.DEFAULTS.outbound())
                            || topic.startsWith(RETRY_PREFIX))
                    .collect(Collectors.toSet());
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription topic : kafka.describeTopics(work).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).values()) {
                topic.partitions().forEach(partition -> latest.put(new TopicPartition(topic.name(), partition.partition()),
                        OffsetSpec.latest()));
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            kafka.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .forEach((partition, end) -> ends.put(partition, end.offset()));

            Set<String> read = new HashSet<>();
            for (GroupListing group : kafka.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                Set<String> topics = committed.keySet().stream().map(TopicPartition::topic).filter(work::contains)
                        .collect(Collectors.toSet());
                for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                    OffsetAndMetadata offset = committed.get(end.getKey());
                    if (topics.contains(end.getKey().topic()) && (offset == null ? 0 : offset.offset()) < end.getValue()) {
                        return false;
                    }
                }
                read.addAll(topics);
            }
            return ends.entrySet().stream().allMatch(end -> end.getValue() == 0 || read.contains(end.getKey().topic()));
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
