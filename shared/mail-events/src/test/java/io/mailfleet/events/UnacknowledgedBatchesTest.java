package io.mailfleet.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which records of stored batches count as processed while their acknowledgements come in any order. */
class UnacknowledgedBatchesTest {

    private static final String TOPIC = "mail.inbound";

    private final List<String> processed = new ArrayList<>();
    private final UnacknowledgedBatches batches = new UnacknowledgedBatches(3,
            record -> processed.add(record.partition() + "@" + record.offset()));

    @Test
    void aLaterBatchAcknowledgedFirstWaitsForTheEarlierOne() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<Void> second = new CompletableFuture<>();
        batches.add(first, List.of(record(0, 10), record(0, 11), record(1, 5)));
        batches.add(second, List.of(record(0, 12), record(1, 6)));

        second.complete(null);
        assertThat(batches.settle()).isEmpty();
        assertThat(processed).as("nothing passes the batch still unacknowledged").isEmpty();

        first.complete(null);
        assertThat(batches.settle()).isEmpty();
        assertThat(processed).containsExactly("0@11", "1@5", "0@12", "1@6");
    }

    @Test
    void aFailedBatchIsReadAgainWithEveryLaterOneAndNothingAfterItCounts() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<Void> second = new CompletableFuture<>();
        CompletableFuture<Void> third = new CompletableFuture<>();
        batches.add(first, List.of(record(0, 10), record(0, 11)));
        batches.add(second, List.of(record(0, 12), record(1, 5)));
        batches.add(third, List.of(record(1, 6), record(2, 7)));

        first.complete(null);
        third.complete(null);
        second.completeExceptionally(new IllegalStateException("not acknowledged"));

        assertThat(batches.settle()).containsExactlyInAnyOrderEntriesOf(Map.of(
                new TopicPartition(TOPIC, 0), 12L, new TopicPartition(TOPIC, 1), 5L, new TopicPartition(TOPIC, 2), 7L));
        assertThat(processed).containsExactly("0@11");
        assertThat(batches.settle()).as("the failed batches are forgotten").isEmpty();
        assertThat(batches.isFull()).isFalse();
    }

    @Test
    void theBoundWaitsForTheOldestBatch() throws Exception {
        CompletableFuture<Void> first = new CompletableFuture<>();
        batches.add(first, List.of(record(0, 1)));
        batches.add(new CompletableFuture<>(), List.of(record(0, 2)));
        batches.add(CompletableFuture.completedFuture(null), List.of(record(0, 3)));
        assertThat(batches.isFull()).isTrue();

        Thread acknowledger = new Thread(() -> first.complete(null));
        acknowledger.start();
        assertThat(batches.awaitOldest()).isEmpty();
        acknowledger.join();

        assertThat(processed).containsExactly("0@1");
        assertThat(batches.isFull()).isFalse();
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset) {
        return new ConsumerRecord<>(TOPIC, partition, offset, null, new byte[0]);
    }
}
