package io.mailfleet.imap.gateway.server;

import io.mailfleet.model.event.MailboxEvent;
import io.mailfleet.quarkus.backend.MailBackends;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Publishes the hints IMAP writes leave on {@code mailbox.events} from a thread of its own, so that
 * no command waits on a send: Kafka's producer blocks its caller while it has no metadata for the
 * topic or no buffer room, for up to its max block (seconds while Kafka is down). A hint is not the
 * truth: the writing session rereads the store after its own command, IDLE sessions reread it by
 * MODSEQ when woken and resync periodically, so a hint dropped because too many wait is only a
 * later notification. Drops are counted ({@link ImapMetrics#hintDropped}): IDLE sessions of other
 * instances then wait for their resync, which an operator wants to hear of.
 */
@ApplicationScoped
public class MailboxHints {

    private static final Logger LOG = Logger.getLogger(MailboxHints.class);
    /** Hints waiting for the sender; more are dropped rather than held while Kafka does not answer. */
    static final int WAITING = 10_000;

    private final Function<MailboxEvent, CompletionStage<?>> send;
    private final ImapMetrics metrics;
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(WAITING), task -> {
                Thread thread = new Thread(task, "imap-mailbox-hints");
                thread.setDaemon(true);
                return thread;
            });

    @Inject
    public MailboxHints(MailBackends shared, ImapMetrics metrics) {
        this(event -> shared.events().publish(event), metrics);
    }

    /** @param send publishes one hint; it may block its caller, the sender's thread */
    MailboxHints(Function<MailboxEvent, CompletionStage<?>> send, ImapMetrics metrics) {
        this.send = send;
        this.metrics = metrics;
    }

    public void publish(MailboxEvent event) {
        try {
            sender.execute(() -> send.apply(event).whenComplete((position, failure) -> {
                if (failure != null) {
                    LOG.debugf("mailbox event not published, IDLE sessions will see it by polling: %s", failure.getMessage());
                }
            }));
        } catch (RejectedExecutionException e) {
            metrics.hintDropped();
            LOG.debugf("mailbox event dropped, %d wait for Kafka already; IDLE sessions will see it by polling", WAITING);
        }
    }

    @PreDestroy
    void close() throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(2, TimeUnit.SECONDS);
    }
}
