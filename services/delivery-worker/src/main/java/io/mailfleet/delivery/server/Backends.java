package io.mailfleet.delivery.server;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.events.EventPublisher;
import io.mailfleet.events.ProducerSettings;
import io.mailfleet.events.directory.DirectoryChangeReader;
import io.mailfleet.events.topic.TopicLayout;
import io.mailfleet.events.topic.TopicProvisioner;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.delivery.config.DeliverySettings;
import io.mailfleet.delivery.retry.RetrySchedule;
import io.mailfleet.model.event.DirectoryChanged;
import io.mailfleet.quarkus.config.CassandraSettings;
import io.mailfleet.quarkus.config.KafkaSettings;
import io.mailfleet.quarkus.config.S3Settings;
import io.mailfleet.quarkus.config.TopicSettings;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.cassandra.CassandraAccountRepository;
import io.mailfleet.store.cassandra.CassandraAliasRepository;
import io.mailfleet.store.cassandra.CassandraBlobPins;
import io.mailfleet.store.cassandra.CassandraDomainRepository;
import io.mailfleet.store.cassandra.CassandraMailboxRepository;
import io.mailfleet.store.cassandra.CassandraMessageContentRepository;
import io.mailfleet.store.cassandra.CassandraMessageRepository;
import io.mailfleet.store.cassandra.CassandraRelayReceiptRepository;
import io.mailfleet.store.cassandra.CassandraSessions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The stores and the event publisher the workers use. Cassandra is connected on first use and
 * again after a failure, so the worker starts while it is down, says so through readiness, and
 * its consumers wait meanwhile instead of failing mail.
 */
@ApplicationScoped
public class Backends {

    private static final Logger LOG = Logger.getLogger(Backends.class);

    private final CassandraSettings cassandra;
    private final KafkaSettings kafka;
    private final MinioBlobStore blobs;
    private final EventPublisher events;
    private final RetrySchedule retries;
    private final Topics topics;
    private final String directoryEvents;
    private Store store;
    private DirectoryChangeReader directoryChanges;
    private CassandraBlobPins pins;

    public Backends(CassandraSettings cassandra, KafkaSettings kafka, S3Settings s3, TopicSettings topics,
                    DeliverySettings delivery) {
        this.cassandra = cassandra;
        this.kafka = kafka;
        // Every blob put here is pinned first, so that a blob collector cannot delete it meanwhile.
        this.blobs = MinioBlobStore.create(s3.toConfig(), key -> pins().pin(key));
        this.topics = topics.toTopics();
        this.directoryEvents = topics.directoryEvents();
        // No linger (Kafka 4 waits 5 ms by default): a MessageAdded is an IDLE session's wake-up, and
        // records sent while earlier requests are in flight are batched anyway, so a wait only delays a lone one.
        this.events = new EventPublisher(ProducerSettings.defaults(kafka.bootstrapServers())
                .withClientProperties(Map.of(ProducerConfig.LINGER_MS_CONFIG, "0")), this.topics);
        DeliverySettings.Retry retry = delivery.retry();
        this.retries = new RetrySchedule(retry.initialDelay(), retry.multiplier(), retry.maxDelay(), retry.giveUpAfter(),
                retry.topicPrefix());
    }

    /** Creates the bucket and topics when missing. Best effort: with S3 or Kafka down, consumers wait for them. */
    void prepare() {
        try {
            blobs.ensureBucket();
        } catch (RuntimeException e) {
            LOG.warnf("cannot create the bucket now: %s", e.getMessage());
        }
        try {
            TopicProvisioner provisioner = new TopicProvisioner(kafka.bootstrapServers(), Map.of(), Duration.ofSeconds(10));
            TopicLayout layout = new TopicLayout(kafka.partitions(), kafka.replicationFactor());
            provisioner.createMissing(topics, layout);
            provisioner.createMissing(retries.topics(), layout);
            provisioner.createMissing(List.of(directoryEvents), layout);
        } catch (RuntimeException e) {
            LOG.warnf("cannot create the topics now: %s", e.getMessage());
        }
    }

    public MinioBlobStore blobs() {
        return blobs;
    }

    public EventPublisher events() {
        return events;
    }

    public Topics topics() {
        return topics;
    }

    public RetrySchedule retries() {
        return retries;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Starts this instance's reading of the directory events, handing each change to {@code forget} until close. */
    public synchronized void readDirectoryChanges(Consumer<DirectoryChanged> forget) {
        directoryChanges = DirectoryChangeReader.start(kafka.bootstrapServers(), directoryEvents, Map.of(), forget);
    }

    /** Whether changes published now reach this instance's caches; false until the reader has its partitions. */
    public synchronized boolean readingDirectoryChanges() {
        return directoryChanges != null && directoryChanges.reading();
    }

    /** The repositories, connecting first if needed; throws StoreUnavailableException if it cannot. */
    public synchronized Store store() {
        if (store == null) {
            store = CassandraSessions.openMigrated(cassandra.toConfig(), Store::new);
        }
        return store;
    }

    private synchronized CassandraBlobPins pins() {
        if (pins == null) {
            CqlSession session = store().session();
            pins = CassandraSessions.preparing("preparing the blob pins", () ->
                    new CassandraBlobPins(session, CassandraBlobPins.DEFAULT_LIFETIME, Duration.ofSeconds(30)));
        }
        return pins;
    }

    @PreDestroy
    synchronized void close() {
        if (directoryChanges != null) {
            directoryChanges.close();
        }
        events.close();
        blobs.close();
        if (store != null) {
            store.session().close();
        }
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
