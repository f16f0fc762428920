package io.mailfleet.delivery.server;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.events.EventPublisher;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.delivery.config.DeliverySettings;
import io.mailfleet.delivery.retry.RetrySchedule;
import io.mailfleet.model.event.DirectoryChanged;
import io.mailfleet.quarkus.backend.MailBackends;
import io.mailfleet.quarkus.config.TopicSettings;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.cassandra.CassandraAccountRepository;
import io.mailfleet.store.cassandra.CassandraAliasRepository;
import io.mailfleet.store.cassandra.CassandraDomainRepository;
import io.mailfleet.store.cassandra.CassandraMailboxRepository;
import io.mailfleet.store.cassandra.CassandraMessageContentRepository;
import io.mailfleet.store.cassandra.CassandraMessageRepository;
import io.mailfleet.store.cassandra.CassandraRelayReceiptRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the workers use of the shared backends: the repositories on the Cassandra session (made on
 * first use, so the worker starts while Cassandra is down, says so through readiness, and its
 * consumers wait meanwhile instead of failing mail), the blob store, the event publisher, the
 * topics and the retry schedule.
 */
@ApplicationScoped
public class Backends {

    private final MailBackends shared;
    private final RetrySchedule retries;
    private final Topics topics;
    private final Supplier<Store> store;

    public Backends(MailBackends shared, TopicSettings topics, DeliverySettings delivery) {
        this.shared = shared;
        this.topics = topics.toTopics();
        DeliverySettings.Retry retry = delivery.retry();
        this.retries = new RetrySchedule(retry.initialDelay(), retry.multiplier(), retry.maxDelay(), retry.giveUpAfter(),
                retry.topicPrefix());
        this.store = shared.onCassandra(Store::new);
    }

    /** Creates the bucket, the topics and the retry topics when missing; with S3 or Kafka down, consumers wait for them. */
    void prepare() {
        shared.createBucketAndTopics(retries.topics());
    }

    public MinioBlobStore blobs() {
        return shared.blobs();
    }

    public EventPublisher events() {
        return shared.events();
    }

    public Topics topics() {
        return topics;
    }

    public RetrySchedule retries() {
        return retries;
    }

    public String kafkaBootstrapServers() {
        return shared.kafkaBootstrapServers();
    }

    /** Starts this instance's reading of the directory events, handing each change to {@code forget} until close. */
    public void readDirectoryChanges(Consumer<DirectoryChanged> forget) {
        shared.readDirectoryChanges(forget);
    }

    /** Whether changes published now reach this instance's caches; false until the reader has its partitions. */
    public boolean readingDirectoryChanges() {
        return shared.readingDirectoryChanges();
    }

    /** The repositories, connecting first if needed; throws StoreUnavailableException if it cannot. */
    public Store store() {
        return store.get();
    }

    /** The repositories on one Cassandra session. */
    public record Store(CqlSession session, CassandraDomainRepository domains, CassandraAccountRepository accounts,
                        CassandraAliasRepository aliases, CassandraMailboxRepository mailboxes,
                        CassandraMessageRepository messages, CassandraMessageContentRepository contents,
                        CassandraRelayReceiptRepository relayReceipts) {

        Store(CqlSession session) {
            this(session, new CassandraDomainRepository(session, Clock.systemUTC()), new CassandraAccountRepository(session),
                    new CassandraAliasRepository(session), new CassandraMailboxRepository(session, Clock.systemUTC()),
                    new CassandraMessageRepository(session), new CassandraMessageContentRepository(session),
                    new CassandraRelayReceiptRepository(session));
        }
    }
}
