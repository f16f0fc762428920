package io.mailfleet.imap.gateway.server;

import io.mailfleet.model.event.MailboxEvent;
import io.mailfleet.quarkus.backend.MailBackends;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the hints IMAP writes leave on {@code mailbox.events} from a thread of its own, so that
 * no command waits on a send: Kafka's producer blocks its caller while it has no metadata for the
 * topic or no buffer room, for up to its max block (seconds while Kafka is down). A hint is not the
 * truth: the writing session rereads the store after its own command, IDLE sessions reread it by
 * MODSEQ when woken and resync periodically, so a hint dropped because too many wait is only a
 * later notification.
 */
@ApplicationScoped
public class MailboxHints {

    private static final Logger LOG = Logger.getLogger(MailboxHints.class);
    /** Hints waiting for the sender; more are dropped rather than held while Kafka does not answer. */
    private static final int WAITING = 10_000;

    private final MailBackends shared;
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(WAITING), task -> {
                Thread thread = new Thread(task, "imap-mailbox-hints");
                thread.setDaemon(true);
                return thread;
            });

    public MailboxHints(MailBackends shared) {
        this.shared = shared;
    }

    public void publish(MailboxEvent event) {
        try {
            sender.execute(() -> shared.events().publish(event).whenComplete((position, failure) -> {
                if (failure != null) {
                    LOG.debugf("mailbox event not published, IDLE sessions will see it by polling: %s", failure.getMessage());
                }
            }));
        } catch (RejectedExecutionException e) {
            LOG.debugf("mailbox event dropped, %d wait for Kafka already; IDLE sessions will see it by polling", WAITING);
        }
    }

    @PreDestroy
    void close() throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(2, TimeUnit.SECONDS);
    }
}
