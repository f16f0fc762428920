package io.mailfleet.delivery.process;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What a consumer group has committed on a topic of these tests' three partitions, read with Kafka's admin client. */
final class GroupOffsets {

    private static final int PARTITIONS = 3;

    private GroupOffsets() {
    }

    /** The group's committed offset of each partition it has committed. */
    static Map<TopicPartition, Long> committed(Admin kafka, String group) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        kafka.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS)
                .forEach((partition, offset) -> {
                    if (offset != null) {
                        offsets.put(partition, offset.offset());
                    }
                });
        return offsets;
    }

    /** The end offset of each partition of the topic now. */
    static Map<TopicPartition, Long> ends(Admin kafka, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        kafka.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    /** Whether the group has committed every partition up to the given end; false while Kafka does not answer. */
    static boolean committedToTheEnd(Admin kafka, String group, Map<TopicPartition, Long> ends) {
        try {
            Map<TopicPartition, Long> now = committed(kafka, group);
            return ends.entrySet().stream().allMatch(end -> now.getOrDefault(end.getKey(), 0L) >= end.getValue());
        } catch (Exception e) {
            return false;
        }
    }

    /** Whether the group has committed every partition of the topic up to its end now. */
    static boolean committedToTheEnd(Admin kafka, String group, String topic) {
        try {
            return committedToTheEnd(kafka, group, ends(kafka, topic));
        } catch (Exception e) {
            return false;
        }
    }
}
