package io.mailfleet.pop3.gateway.server;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.auth.Argon2Parameters;
import io.mailfleet.auth.Argon2idPasswordHasher;
import io.mailfleet.auth.Authenticator;
import io.mailfleet.auth.ThrottlePolicy;
import io.mailfleet.events.EventPublisher;
import io.mailfleet.events.ProducerSettings;
import io.mailfleet.quarkus.config.CassandraSettings;
import io.mailfleet.quarkus.config.KafkaSettings;
import io.mailfleet.quarkus.config.S3Settings;
import io.mailfleet.quarkus.config.TopicSettings;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.cassandra.CassandraAccountRepository;
import io.mailfleet.store.cassandra.CassandraMailboxRepository;
import io.mailfleet.store.cassandra.CassandraMaildropLeases;
import io.mailfleet.store.cassandra.CassandraMessageRepository;
import io.mailfleet.store.cassandra.CassandraSessions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What POP3 sessions depend on: accounts and mailboxes in Cassandra, bodies in S3, the mailbox
 * events on Kafka. Cassandra is connected on first use and again after a failure, so the gateway
 * starts while it is down, says so through readiness, and answers {@code -ERR [SYS/TEMP]} meanwhile.
 */
@ApplicationScoped
public class Backends {

    private final CassandraSettings cassandra;
    private final KafkaSettings kafka;
    private final MinioBlobStore blobs;
    private final EventPublisher events;
    /** Blocking work of sessions (logins, locks, listings, reading bodies), off the event loops. */
    private final ExecutorService blocking = Executors.newFixedThreadPool(16, runnable -> {
        Thread thread = new Thread(runnable, "pop3-store-" + Counter.NEXT.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    private Store store;

    public Backends(CassandraSettings cassandra, KafkaSettings kafka, S3Settings s3, TopicSettings topics) {
        this.cassandra = cassandra;
        this.kafka = kafka;
        this.blobs = MinioBlobStore.create(s3.toConfig());
        this.events = new EventPublisher(ProducerSettings.defaults(kafka.bootstrapServers()), topics.toTopics());
    }

    public MinioBlobStore blobs() {
        return blobs;
    }

    public EventPublisher events() {
        return events;
    }

    public ExecutorService blocking() {
        return blocking;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The repositories, connecting first if needed; throws StoreUnavailableException if it cannot. */
    public synchronized Store store() {
        if (store == null) {
            store = new Store(CassandraSessions.openMigrated(cassandra.toConfig()));
        }
        return store;
    }

    @PreDestroy
    synchronized void close() {
        blocking.shutdownNow();
        events.close();
        blobs.close();
        if (store != null) {
            store.session().close();
        }
    }

    /** The repositories and the authenticator on one Cassandra session. */
    public record Store(CqlSession session, CassandraMailboxRepository mailboxes, CassandraMessageRepository messages,
                        CassandraMaildropLeases leases, Authenticator authenticator) {

        Store(CqlSession session) {
            this(session, new CassandraMailboxRepository(session, Clock.systemUTC()), new CassandraMessageRepository(session),
                    new CassandraMaildropLeases(session),
                    new Authenticator(new CassandraAccountRepository(session), new Argon2idPasswordHasher(Argon2Parameters.DEFAULT),
                            ThrottlePolicy.DEFAULT, Clock.systemUTC()));
        }
    }

    private static final class Counter {
        static final AtomicInteger NEXT = new AtomicInteger();
    }
}
