package io.mailfleet.imap.gateway.idle;

import io.mailfleet.events.broadcast.BroadcastSettings;
import io.mailfleet.events.broadcast.MailboxEventBroadcast;
import io.mailfleet.imap.gateway.config.ImapGatewaySettings;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.quarkus.config.KafkaSettings;
import io.mailfleet.quarkus.config.TopicSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Wakes IDLE sessions from this instance's broadcast reading of {@code mailbox.events}, so a change
 * made through any instance (or by delivery, or POP3) reaches them at once. Polling stays underneath:
 * the fast interval while the reader is not connected (Kafka down: sessions poll the store), and a
 * slow resync always, for an event that was lost.
 */
@Startup
@ApplicationScoped
public class KafkaWakeups implements AccountWakeups {

    private final MailboxEventBroadcast broadcast;
    private final PollingWakeups polling;

    public KafkaWakeups(ImapGatewaySettings settings, KafkaSettings kafka, TopicSettings topics,
                        MeterRegistry registry) {
        broadcast = MailboxEventBroadcast.start(
                BroadcastSettings.defaults(kafka.bootstrapServers(), topics.mailboxEvents()), registry);
        polling = new PollingWakeups(settings.idlePollInterval(), settings.idleResyncInterval(),
                () -> !broadcast.connected());
    }

    @Override
    public AutoCloseable watch(String account, Consumer<Optional<ChangeHint>> wake) {
        AutoCloseable polled = polling.watch(account, wake);
        AutoCloseable pushed = broadcast.watch(MailAddress.parse(account, true), event -> wake.accept(Optional.of(ChangeHint.of(event))));
        return () -> {
            pushed.close();
            polled.close();
        };
    }

    @PreDestroy
    void stop() {
        broadcast.close();
        polling.close();
    }
}
