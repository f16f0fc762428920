package io.mailfleet.events.broadcast;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.MailboxEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Every instance's own reading of the whole mailbox events topic ({@link BroadcastReader}), which
 * wakes the sessions of this instance whose account changed.
 *
 * <p>An event is a hint (docs/architecture.md, "Events"): a woken session rereads what changed
 * since its last MODSEQ from the store. While Kafka cannot be reached {@link #connected()} is false
 * and sessions poll the store; an event missed then only delays a notification.
 */
public final class MailboxEventBroadcast implements AutoCloseable {

    private final AccountWatchers watchers = new AccountWatchers();
    private final BroadcastMetrics metrics;
    private final BroadcastReader<MailboxEvent> reader;

    private MailboxEventBroadcast(BroadcastSettings settings, MeterRegistry registry) {
        this.metrics = new BroadcastMetrics(registry, this::connected, watchers);
        this.reader = BroadcastReader.start(settings, MailboxEvent.class, new BroadcastReader.Listener<>() {
            @Override
            public void heard(MailboxEvent event, long publishedAt) {
                wake(event, publishedAt);
            }

            @Override
            public boolean wanted(byte[] key) {
                if (watchers.mayWatch(key)) {
                    return true;
                }
                metrics.unwatched();
                return false;
            }

            @Override
            public void undecodable() {
                metrics.undecodable();
            }
        });
    }

    /** Starts reading on a thread of its own; it runs until {@link #close()}. */
    public static MailboxEventBroadcast start(BroadcastSettings settings, MeterRegistry registry) {
        return new MailboxEventBroadcast(settings, registry);
    }

    /**
     * Runs {@code wake} with every change of {@code account} heard of until the returned watch is
     * closed. {@code wake} runs on the reader's thread and must return at once, never block: a
     * gateway's callback only schedules the session's resync on the session's own executor. The event
     * is a hint, as any event here: what it says may be late, and the session reads the store.
     */
    public AccountWatchers.Watch watch(MailAddress account, Consumer<MailboxEvent> wake) {
        return watchers.watch(account, wake);
    }

    /**
     * True while the broker answers and every partition of the topic is being read; false before
     * that, while Kafka cannot be reached, and after {@link #close()}. While false, sessions should
     * poll the store rather than wait to be woken.
     */
    public boolean connected() {
        // Null only while the constructor starts the reader, when the gauge may be read already.
        return reader != null && reader.connected();
    }

    /** Stops the reader and waits for its thread to end; watches still open are simply no longer woken. */
    @Override
    public void close() {
        reader.close();
    }

    private void wake(MailboxEvent event, long publishedAt) {
        if (watchers.wake(MailAddress.parse(event.account(), true), event) == 0) {
            metrics.unwatched();
        } else {
            // The producer's clock against ours: a skew between hosts shows in this delay too.
            metrics.woke(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - publishedAt)));
        }
    }
}
