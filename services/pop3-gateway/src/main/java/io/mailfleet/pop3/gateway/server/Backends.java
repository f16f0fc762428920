package io.mailfleet.pop3.gateway.server;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.auth.Authenticator;
import io.mailfleet.events.EventPublisher;
import io.mailfleet.pop3.gateway.config.Pop3GatewaySettings;
import io.mailfleet.quarkus.backend.LoginPath;
import io.mailfleet.quarkus.backend.MailBackends;
import io.mailfleet.server.ServerMetrics;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.cassandra.CassandraMailboxRepository;
import io.mailfleet.store.cassandra.CassandraMaildropLeases;
import io.mailfleet.store.cassandra.CassandraMessageRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * What POP3 sessions use of the shared backends: the repositories and the authenticator on the
 * Cassandra session (made on first use, so the gateway starts while Cassandra is down and answers
 * {@code -ERR [SYS/TEMP]} meanwhile), the blob store and the event publisher.
 */
@ApplicationScoped
public class Backends {

    private final MailBackends shared;
    private final Supplier<Store> store;

    public Backends(MailBackends shared, Pop3GatewaySettings settings, ServerMetrics serverMetrics) {
        this.shared = shared;
        this.store = shared.onCassandra(session -> new Store(session, new CassandraMailboxRepository(session, Clock.systemUTC()),
                new CassandraMessageRepository(session), new CassandraMaildropLeases(session),
                LoginPath.authenticator(session, settings, serverMetrics, "pop3")));
    }

    public MinioBlobStore blobs() {
        return shared.blobs();
    }

    public EventPublisher events() {
        return shared.events();
    }

    public String kafkaBootstrapServers() {
        return shared.kafkaBootstrapServers();
    }

    /** The repositories, connecting first if needed; throws StoreUnavailableException if it cannot. */
    public Store store() {
        return store.get();
    }

    /** The repositories and the authenticator on one Cassandra session. */
    public record Store(CqlSession session, CassandraMailboxRepository mailboxes, CassandraMessageRepository messages,
                        CassandraMaildropLeases leases, Authenticator authenticator) {
    }
}
