package io.mailfleet.store.cassandra;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the message store.
 *
 * @param logRetention    how long the change and expunge logs keep an entry; a client whose known
 *                        MODSEQ is older is told to resynchronise in full
 * @param moveResumeAfter how old an unfinished MOVE must be before another operation finishes it:
 *                        longer than a live move takes, so that it is not done twice at once
 */
public record MessageStoreSettings(Duration logRetention, Duration moveResumeAfter) {

    /** The longest time to live Cassandra accepts (declared first: {@link #DEFAULTS} is checked against it). */
    private static final Duration MAX_TTL = Duration.ofSeconds(630_720_000);

    public static final MessageStoreSettings DEFAULTS = new MessageStoreSettings(Duration.ofDays(30), Duration.ofMinutes(1));

    public MessageStoreSettings {
        Objects.requireNonNull(logRetention, "logRetention");
        Objects.requireNonNull(moveResumeAfter, "moveResumeAfter");
        if (logRetention.toSeconds() < 1 || logRetention.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("log retention must be from 1 s to 20 years: " + logRetention);
        }
        if (moveResumeAfter.isNegative()) {
            throw new IllegalArgumentException("moveResumeAfter is negative: " + moveResumeAfter);
        }
    }

    int logTtlSeconds() {
        return (int) logRetention.toSeconds();
    }
}
