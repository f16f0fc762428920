package io.mailfleet.delivery.relay;

import io.mailfleet.model.MessageId;
import io.mailfleet.quarkus.failure.TemporaryFailures;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.relay.RelayOutcome;
import io.mailfleet.store.relay.RelayReceiptRepository;

import java.time.Duration;

/**
 * Writes a relay receipt once the remote side has answered, through a Cassandra outage. Without
 * the receipt the event is read again and the message sent again: a duplicate at the recipient
 * (or a second bounce). So a failed write is repeated, with pauses growing to {@link #LONGEST_PAUSE},
 * until the pauses add up to the patience, which covers a server restart; only beyond it does the
 * relay give up, and the event's next reading may send the message a second time.
 */
final class LastingReceipts {

    static final Duration DEFAULT_PATIENCE = Duration.ofMinutes(5);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    /** Waits between attempts; tests pass one that does not sleep. */
    interface Pause {
        void sleep(Duration pause) throws InterruptedException;
    }

    private final RelayReceiptRepository receipts;
    private final Duration patience;
    private final Pause pause;

    LastingReceipts(RelayReceiptRepository receipts, Duration patience, Pause pause) {
        this.receipts = receipts;
        this.patience = patience;
        this.pause = pause;
    }

    LastingReceipts(RelayReceiptRepository receipts) {
        this(receipts, DEFAULT_PATIENCE, pause -> Thread.sleep(pause.toMillis()));
    }

    /**
     * Records the outcome, retrying while the store is unavailable.
     *
     * @throws StoreUnavailableException once the patience is spent, or when the worker is stopping
     */
    void record(MessageId messageId, String recipient, RelayOutcome outcome) {
        Duration waited = Duration.ZERO;
        Duration next = FIRST_PAUSE;
        while (true) {
            try {
                receipts.record(messageId, recipient, outcome);
                return;
            } catch (StoreUnavailableException e) {
                if (waited.compareTo(patience) >= 0) {
                    throw e;
                }
                TemporaryFailures.shared().record("relay receipt of " + messageId + " for " + recipient
                        + " not written yet, writing it again", e);
                try {
                    pause.sleep(next);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                waited = waited.plus(next);
                next = next.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : next.multipliedBy(2);
            }
        }
    }
}
