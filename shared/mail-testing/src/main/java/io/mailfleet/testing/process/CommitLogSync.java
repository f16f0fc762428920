package io.mailfleet.testing.process;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * When Cassandra acknowledges a write relative to syncing its commit log to disk ({@code commitlog_sync}).
 *
 * @param mode   {@code periodic}: acknowledged at once, the commit log synced every {@code interval} (a SIGKILL
 *               loses acknowledged writes); {@code group}: acknowledged after the sync that follows, syncs at
 *               most every {@code interval}; {@code batch}: acknowledged after a sync that each waiting write
 *               starts at once, the writes that arrive during one sync sharing the next
 * @param interval the sync period of periodic, the window of group; unused by batch
 */
public record CommitLogSync(Mode mode, Duration interval) {

    public enum Mode { PERIODIC, GROUP, BATCH }

    /** Cassandra's default: nothing waits for the disk. For servers that nothing kills. */
    public static CommitLogSync periodic() {
        return new CommitLogSync(Mode.PERIODIC, Duration.ofSeconds(10));
    }

    public static CommitLogSync group(Duration window) {
        return new CommitLogSync(Mode.GROUP, window);
    }

    public static CommitLogSync batch() {
        return new CommitLogSync(Mode.BATCH, Duration.ZERO);
    }

    /**
     * What a server that may be killed gets: a write is acknowledged only once its commit log is on disk. Batch, not
     * group: a conditional write persists its Paxos promise, its proposal, its commit and the change one after another,
     * each waiting for a sync, and under group sync each of those four waits also sat out the rest of the window.
     */
    public static CommitLogSync durable() {
        return batch();
    }

    /** {@code periodic}, {@code batch} or {@code group:2ms} (a window in milliseconds), as benchmarks take it. */
    public static CommitLogSync parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":", 2);
        return switch (parts[0]) {
            case "periodic" -> parts.length == 1 ? periodic() : new CommitLogSync(Mode.PERIODIC, millis(parts[1]));
            case "batch" -> batch();
            case "group" -> group(parts.length == 1 ? Duration.ofMillis(10) : millis(parts[1]));
            default -> throw new IllegalArgumentException("commit log sync is periodic, batch or group:<n>ms, not " + text);
        };
    }

    private static Duration millis(String text) {
        return Duration.ofMillis(Long.parseLong(text.endsWith("ms") ? text.substring(0, text.length() - 2) : text));
    }

    List<String> yamlLines() {
        return switch (mode) {
            case PERIODIC -> List.of("commitlog_sync: periodic", "commitlog_sync_period: " + interval.toMillis() + "ms");
            case GROUP -> List.of("commitlog_sync: group", "commitlog_sync_group_window: " + interval.toMillis() + "ms");
            case BATCH -> List.of("commitlog_sync: batch");
        };
    }

    @Override
    public String toString() {
        return switch (mode) {
            case PERIODIC -> "periodic " + interval.toMillis() + " ms";
            case GROUP -> "group " + interval.toMillis() + " ms";
            case BATCH -> "batch";
        };
    }
}
