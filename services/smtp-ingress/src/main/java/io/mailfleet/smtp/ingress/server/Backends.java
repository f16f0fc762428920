package io.mailfleet.smtp.ingress.server;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.auth.Argon2Parameters;
import io.mailfleet.auth.Argon2idPasswordHasher;
import io.mailfleet.auth.Authenticator;
import io.mailfleet.auth.ThrottlePolicy;
import io.mailfleet.events.EventPublisher;
import io.mailfleet.events.ProducerSettings;
import io.mailfleet.events.topic.TopicLayout;
import io.mailfleet.events.topic.TopicProvisioner;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.smtp.ingress.accept.MessageAcceptor;
import io.mailfleet.quarkus.config.CassandraSettings;
import io.mailfleet.quarkus.config.KafkaSettings;
import io.mailfleet.quarkus.config.S3Settings;
import io.mailfleet.quarkus.config.TopicSettings;
import io.mailfleet.smtp.ingress.policy.RecipientPolicy;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.cassandra.CassandraAccountRepository;
import io.mailfleet.store.cassandra.CassandraAliasRepository;
import io.mailfleet.store.cassandra.CassandraDomainRepository;
import io.mailfleet.store.cassandra.CassandraSessions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the SMTP sessions depend on: the blob store, the event publisher and the account store. The
 * account store connects on first use and again after a failure, so the service starts while
 * Cassandra is down, says so through readiness, and answers 4xx meanwhile.
 */
@ApplicationScoped
public class Backends {

    private static final Logger LOG = Logger.getLogger(Backends.class);

    private final CassandraSettings cassandra;
    private final MinioBlobStore blobs;
    private final EventPublisher events;
    private final MessageAcceptor acceptor;
    /** Blocking work of sessions (account lookups, password checks), off the event loops. */
    private final ExecutorService lookups = Executors.newFixedThreadPool(16, named("smtp-lookup"));
    private final ExecutorService uploads = Executors.newCachedThreadPool(named("smtp-upload"));
    private Accounts accounts;

    public Backends(CassandraSettings cassandra, KafkaSettings kafka, S3Settings s3, TopicSettings topics) {
        this.cassandra = cassandra;
        this.blobs = MinioBlobStore.create(s3.toConfig());
        this.events = new EventPublisher(ProducerSettings.defaults(kafka.bootstrapServers()), topics.toTopics());
        this.acceptor = new MessageAcceptor(blobs, events, uploads);
        prepare(kafka, topics.toTopics());
    }

    /**
     * Creates the bucket and topics when missing. Best effort: with S3 or Kafka down the service
     * still starts, readiness says what is missing, and accepts answer 451 until it is back.
     */
    private void prepare(KafkaSettings kafka, Topics topics) {
        try {
            blobs.ensureBucket();
        } catch (RuntimeException e) {
            LOG.warnf("cannot create the bucket now: %s", e.getMessage());
        }
        try {
            new TopicProvisioner(kafka.bootstrapServers(), java.util.Map.of(), java.time.Duration.ofSeconds(10))
                    .createMissing(topics, new TopicLayout(kafka.partitions(), kafka.replicationFactor()));
        } catch (RuntimeException e) {
            LOG.warnf("cannot create the topics now: %s", e.getMessage());
        }
    }

    public MessageAcceptor acceptor() {
        return acceptor;
    }

    public MinioBlobStore blobs() {
        return blobs;
    }

    public ExecutorService lookups() {
        return lookups;
    }

    /** The account-backed parts, connecting first if needed; throws StoreUnavailableException if it cannot. */
    public synchronized Accounts accounts() {
        if (accounts == null) {
            accounts = new Accounts(CassandraSessions.openMigrated(cassandra.toConfig()));
        }
        return accounts;
    }

    @PreDestroy
    synchronized void close() {
        lookups.shutdownNow();
        events.close();
        uploads.shutdownNow();
        blobs.close();
        if (accounts != null) {
            accounts.session().close();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The recipient policy and the authenticator on one Cassandra session. */
    public record Accounts(CqlSession session, RecipientPolicy policy, Authenticator authenticator) {

        Accounts(CqlSession session) {
            this(session, new CassandraAccountRepository(session));
        }

        private Accounts(CqlSession session, CassandraAccountRepository accounts) {
            this(session,
                    new RecipientPolicy(new CassandraDomainRepository(session, Clock.systemUTC()), accounts,
                            new CassandraAliasRepository(session)),
                    new Authenticator(accounts, new Argon2idPasswordHasher(Argon2Parameters.DEFAULT), ThrottlePolicy.DEFAULT,
                            Clock.systemUTC()));
        }
    }
}
