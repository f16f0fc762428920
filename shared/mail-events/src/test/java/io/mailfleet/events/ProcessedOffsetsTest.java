package io.mailfleet.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which positions are sent in commits, and when again: the bookkeeping alone, against a consumer that records commits. */
class ProcessedOffsetsTest {

    private static final TopicPartition FIRST = new TopicPartition("mail.inbound", 0);
    private static final TopicPartition SECOND = new TopicPartition("mail.inbound", 1);

    /** A consumer whose asynchronous commits wait until the test answers them, as the broker would. */
    private static final class AnsweredLater extends MockConsumer<byte[], byte[]> {
        final List<Map<TopicPartition, OffsetAndMetadata>> asyncCommits = new ArrayList<>();
        final List<OffsetCommitCallback> callbacks = new ArrayList<>();
        final List<Map<TopicPartition, OffsetAndMetadata>> syncCommits = new ArrayList<>();

        AnsweredLater() {
            super("earliest");
        }

        @Override
        public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
            asyncCommits.add(new HashMap<>(offsets));
            callbacks.add(callback);
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
            syncCommits.add(new HashMap<>(offsets));
        }

        void succeed(int commit) {
            callbacks.get(commit).onComplete(asyncCommits.get(commit), null);
        }

        void fail(int commit) {
            callbacks.get(commit).onComplete(asyncCommits.get(commit), new RetriableCommitFailedException("coordinator moved"));
        }
    }

    private final AnsweredLater kafka = new AnsweredLater();
    private final ProcessedOffsets offsets = new ProcessedOffsets(kafka, Duration.ofSeconds(5));

    @Test
    void sendsThePositionPastTheLastProcessedRecordOfEachPartition() {
        offsets.processed(record(FIRST, 3));
        offsets.processed(record(FIRST, 4));
        offsets.processed(record(SECOND, 9));
        offsets.commitAsync();

        assertThat(kafka.asyncCommits).containsExactly(Map.of(FIRST, position(5), SECOND, position(10)));
    }

    @Test
    void sendsNothingAgainWhileNothingNewWasProcessed() {
        offsets.processed(record(FIRST, 3));
        offsets.commitAsync();
        kafka.succeed(0);
        offsets.commitAsync();
        offsets.processed(record(SECOND, 0));
        offsets.commitAsync();

        assertThat(kafka.asyncCommits).containsExactly(Map.of(FIRST, position(4)), Map.of(SECOND, position(1)));
    }

    @Test
    void aFailedCommitIsSentAgainWithTheNextOneThoughNothingNewArrived() {
        offsets.processed(record(FIRST, 3));
        offsets.commitAsync();
        kafka.fail(0);
        offsets.commitAsync();

        assertThat(kafka.asyncCommits).containsExactly(Map.of(FIRST, position(4)), Map.of(FIRST, position(4)));
    }

    @Test
    void aFailedCommitThatALaterOneOvertookIsNotSentAgain() {
        offsets.processed(record(FIRST, 3));
        offsets.commitAsync();
        offsets.processed(record(FIRST, 7));
        offsets.commitAsync();
        kafka.fail(0);
        kafka.succeed(1);
        offsets.commitAsync();

        // Sending position 4 again would move the group back behind the later commit.
        assertThat(kafka.asyncCommits).containsExactly(Map.of(FIRST, position(4)), Map.of(FIRST, position(8)));
    }

    @Test
    void aPartitionGoingElsewhereIsCommittedAndWaitedForThenForgotten() {
        offsets.processed(record(FIRST, 3));
        offsets.processed(record(SECOND, 5));
        offsets.commitAsync();
        offsets.onPartitionsRevoked(List.of(FIRST));
        offsets.commitSync();

        assertThat(kafka.syncCommits).containsExactly(Map.of(FIRST, position(4)), Map.of(SECOND, position(6)));
    }

    @Test
    void aLostPartitionIsNeitherCommittedNorSentAgain() {
        offsets.processed(record(FIRST, 3));
        offsets.commitAsync();
        offsets.onPartitionsLost(List.of(FIRST));
        kafka.fail(0);
        offsets.commitAsync();
        offsets.commitSync();

        assertThat(kafka.asyncCommits).containsExactly(Map.of(FIRST, position(4)));
        assertThat(kafka.syncCommits).isEmpty();
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition partition, long offset) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, new byte[0], new byte[0]);
    }

    private static OffsetAndMetadata position(long offset) {
        return new OffsetAndMetadata(offset, Optional.empty(), "");
    }
}
