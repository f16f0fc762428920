package io.mailfleet.smtp.ingress.accept;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.events.EventPublisher;
import io.mailfleet.events.ProducerSettings;
import io.mailfleet.events.codec.EventCodec;
import io.mailfleet.events.topic.TopicLayout;
import io.mailfleet.events.topic.TopicProvisioner;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.event.BodyType;
import io.mailfleet.model.event.ClientDigest;
import io.mailfleet.model.event.ClientInfo;
import io.mailfleet.model.event.Listener;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.model.event.Recipient;
import io.mailfleet.quarkus.content.SortFieldsOf;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.blob.MinioBlobStoreConfig;
import io.mailfleet.store.cassandra.CassandraBlobPins;
import io.mailfleet.store.cassandra.CassandraConfig;
import io.mailfleet.store.cassandra.CassandraMessageContentRepository;
import io.mailfleet.store.cassandra.CassandraSessions;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.ModuleNames;
import io.mailfleet.testing.RealInfrastructureExtension;
import io.mailfleet.testing.process.Ports;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The durable accept on real S3 and Kafka, and with each of them unreachable. */
@ExtendWith(RealInfrastructureExtension.class)
class MessageAcceptorIT {

    private static final MessageIdGenerator IDS = new MessageIdGenerator();
    private static final Topics TOPICS = new Topics("it.inbound", "it.outbound", "it.mailbox", "it.dead");
    private static final ExecutorService UPLOADS = Executors.newCachedThreadPool();
    /** Accepts whose stage times no test looks at. */
    private static final AcceptStage.Times STAGES = (stage, nanos) -> { };

    private static CqlSession session;
    private static CassandraMessageContentRepository contents;
    private static CassandraBlobPins pins;

    @BeforeAll
    static void topicsAndContents(Infrastructure servers) {
        new TopicProvisioner(servers.kafka().bootstrapServers()).createMissing(TOPICS, new TopicLayout(1, (short) 1));
        session = CassandraSessions.openMigrated(CassandraConfig.singleNode(servers.cassandra().contactPoint(),
                servers.cassandra().localDatacenter(), ModuleNames.keyspace()));
        contents = new CassandraMessageContentRepository(session);
        pins = new CassandraBlobPins(session, CassandraBlobPins.DEFAULT_LIFETIME, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopUploads() {
        UPLOADS.shutdownNow();
        session.close();
    }

    @Test
    void aSmallBodyIsParsedOnceAndItsContentStoredBeforeSuccess(Infrastructure servers) throws Exception {
        try (MinioBlobStore blobs = blobs(servers, servers.s3().url()); EventPublisher events = publisher(servers.kafka().bootstrapServers())) {
            Map<AcceptStage, Long> took = new ConcurrentHashMap<>();
            MessageAcceptor.Upload upload = new MessageAcceptor(blobs, events, UPLOADS, () -> pins, took::put)
                    .begin("Q1", "sender@example.org");
            String subject = "parsed at ingress " + UUID.randomUUID();
            upload.write("Received: from client ([192.0.2.1])\r\n\tby mx.example.test with ESMTP id Q1;\r\n\td\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            upload.write(("Subject: " + subject + "\r\nContent-Type: text/plain\r\n\r\nbody").getBytes(StandardCharsets.US_ASCII));
            upload.write("\r\n".getBytes(StandardCharsets.US_ASCII));

            Accepted accepted = upload.complete(stored -> event(IDS.next().toString(), stored)).toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);

            MessageContent content = contents.find(accepted.event().blobKey()).orElseThrow();
            assertThat(content.size()).isEqualTo(accepted.event().size());
            assertThat(content.envelope()).contains(subject);
            assertThat(content.bodyStructure()).containsIgnoringCase("\"TEXT\" \"PLAIN\"");
            MessageContent signed = contents.findSigned(List.of(accepted.event().blobKey())).get(accepted.event().blobKey());
            assertThat(accepted.event().content()).as("what the rows keep of the stored content, for delivery")
                    .contains(SortFieldsOf.factsOf(signed).orElseThrow());
            assertThat(accepted.event().content().orElseThrow().sortHeaders()).containsEntry("subject", subject);
            assertThat(accepted.event().content().orElseThrow().signatureBytes()).isNotEmpty();
            assertThat(took).as("each stage timed once it is done").containsOnlyKeys(AcceptStage.values())
                    .allSatisfy((stage, nanos) -> assertThat(nanos).isPositive());
            assertThat(session.execute("SELECT pin FROM blob_pins WHERE blob_key = ?", accepted.event().blobKey()).one())
                    .as("the blob pinned with its content").isNotNull();
            try (InputStream in = blobs.get(new BlobKey(accepted.event().blobKey()))) {
                assertThat(accepted.event().clientDigest()).as("the digest delivery would compute from the stored body")
                        .contains(ClientDigest.hex(ClientDigest.of("Q1", "sender@example.org", in).orElseThrow()));
            }
        }
    }

    @Test
    void aSmallBodyWithoutItsTraceFieldIsStoredAndLeftToDeliveryToParse(Infrastructure servers) throws Exception {
        try (MinioBlobStore blobs = blobs(servers, servers.s3().url()); EventPublisher events = publisher(servers.kafka().bootstrapServers())) {
            Map<AcceptStage, Long> took = new ConcurrentHashMap<>();
            MessageAcceptor.Upload upload = new MessageAcceptor(blobs, events, UPLOADS, () -> pins, took::put)
                    .begin("Q2", "sender@example.org");
            byte[] body = ("Received: from client\r\n\tby mx.example.test with ESMTP id Q1;\r\n\td\r\nSubject: "
                    + UUID.randomUUID() + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
            upload.write(body);

            Accepted accepted = upload.complete(stored -> event(IDS.next().toString(), stored)).toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);

            try (InputStream in = blobs.get(new BlobKey(accepted.event().blobKey()))) {
                assertThat(in.readAllBytes()).isEqualTo(body);
            }
            assertThat(contents.find(accepted.event().blobKey())).as("another transaction's trace field: maybe stored before").isEmpty();
            assertThat(took).as("no content write to time").containsOnlyKeys(AcceptStage.BODY_STORE, AcceptStage.EVENT_PUBLISH);
            assertThat(accepted.event().content()).as("no content stored, no facts of it").isEmpty();
        }
    }

    @Test
    void theBodyIsStoredExactlyAndTheEventPublishedBeforeSuccess(Infrastructure servers) throws Exception {
        try (MinioBlobStore blobs = blobs(servers, servers.s3().url()); EventPublisher events = publisher(servers.kafka().bootstrapServers())) {
            Map<AcceptStage, Long> took = new ConcurrentHashMap<>();
            MessageAcceptor acceptor = new MessageAcceptor(blobs, events, UPLOADS, () -> pins, took::put);
            byte[] body = ("Received: from client\r\nSubject: durable\r\n\r\n" + "line of text\r\n".repeat(100_000))
                    .getBytes(StandardCharsets.US_ASCII);
            MessageAcceptor.Upload upload = acceptor.begin("Q1", "sender@example.org");
            java.util.concurrent.Semaphore drained = new java.util.concurrent.Semaphore(0);
            upload.onDrained(drained::release);
            int pauses = 0;
            for (int from = 0; from < body.length; from += 8192) {
                if (!upload.write(java.util.Arrays.copyOfRange(body, from, Math.min(body.length, from + 8192)))) {
                    pauses++;
                    assertThat(drained.tryAcquire(30, TimeUnit.SECONDS)).as("resumed after a pause").isTrue();
                }
            }
            assertThat(pauses).as("a 1.4 MB body outruns a 256 KB pipe").isPositive();
            String messageId = IDS.next().toString();

            Accepted accepted = upload.complete(stored -> event(messageId, stored)).toCompletableFuture().get(60, TimeUnit.SECONDS);

            assertThat(accepted.event().size()).isEqualTo(body.length);
            try (InputStream in = blobs.get(new BlobKey(accepted.event().blobKey()))) {
                assertThat(in.readAllBytes()).isEqualTo(body);
            }
            assertThat(accepted.event().blobKey()).contains(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
            assertThat(publishedIds(servers)).contains(messageId);
            assertThat(contents.find(accepted.event().blobKey())).as("a body over 1 MiB is parsed by delivery").isEmpty();
            assertThat(took).as("no content write to time").containsOnlyKeys(AcceptStage.BODY_STORE, AcceptStage.EVENT_PUBLISH);
            assertThat(accepted.event().content()).as("no content stored, no facts of it").isEmpty();
            assertThat(accepted.event().clientDigest()).as("its first field is not our trace field for Q1").isEmpty();
        }
    }

    @Test
    void withS3DownTheAcceptFailsAndNothingIsPublished(Infrastructure servers) throws Exception {
        try (MinioBlobStore blobs = MinioBlobStore.create(config(servers, "http://127.0.0.1:" + Ports.free()));
             EventPublisher events = publisher(servers.kafka().bootstrapServers())) {
            MessageAcceptor.Upload upload = new MessageAcceptor(blobs, events, UPLOADS, () -> pins, STAGES).begin("Q1", "sender@example.org");
            upload.write("Subject: lost\r\n\r\nnever stored\r\n".getBytes(StandardCharsets.US_ASCII));
            String messageId = IDS.next().toString();

            assertThatThrownBy(() -> upload.complete(stored -> event(messageId, stored)).toCompletableFuture().get(60, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(java.net.ConnectException.class);
            assertThat(publishedIds(servers)).doesNotContain(messageId);
        }
    }

    @Test
    void withKafkaDownTheAcceptFailsWithinItsBound(Infrastructure servers) throws Exception {
        try (MinioBlobStore blobs = blobs(servers, servers.s3().url()); EventPublisher events = publisher("127.0.0.1:" + Ports.free())) {
            MessageAcceptor.Upload upload = new MessageAcceptor(blobs, events, UPLOADS, () -> pins, STAGES).begin("Q1", "sender@example.org");
            upload.write("Subject: unpublished\r\n\r\nstored, never announced\r\n".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();

            assertThatThrownBy(() -> upload.complete(stored -> event(IDS.next().toString(), stored)).toCompletableFuture()
                    .get(60, TimeUnit.SECONDS)).isInstanceOf(java.util.concurrent.ExecutionException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void anAbortedBodyIsNeitherStoredNorPublished(Infrastructure servers) throws Exception {
        try (MinioBlobStore blobs = blobs(servers, servers.s3().url()); EventPublisher events = publisher(servers.kafka().bootstrapServers())) {
            MessageAcceptor.Upload upload = new MessageAcceptor(blobs, events, UPLOADS, () -> pins, STAGES).begin("Q1", "sender@example.org");
            byte[] partial = ("Subject: smuggled\r\n\r\n" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
            upload.write(partial);
            String messageId = IDS.next().toString();

            upload.abort("bare LF in data");

            assertThatThrownBy(() -> upload.complete(stored -> event(messageId, stored)).toCompletableFuture().get(30, TimeUnit.SECONDS))
                    .hasMessageContaining("bare LF in data");
            assertThat(blobs.exists(BlobKey.forSha256(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(partial)))))
                    .isFalse();
            assertThat(publishedIds(servers)).doesNotContain(messageId);
        }
    }

    private static MailAccepted event(String messageId, StoredBody stored) {
        return new MailAccepted(MailAccepted.CURRENT_VERSION, messageId, messageId, Optional.of("sender@example.org"),
                List.of(new Recipient("rcpt@example.test", java.util.Set.of(), Optional.empty())), Optional.empty(), Optional.empty(), BodyType.SEVEN_BIT, false,
                stored.blobKey(), stored.size(), Instant.now(), new ClientInfo("192.0.2.1", "client.example.org", Optional.empty(), Optional.empty(), Listener.MX),
                stored.clientDigest(), stored.content());
    }

    private static MinioBlobStore blobs(Infrastructure servers, String url) {
        return MinioBlobStore.open(config(servers, url));
    }

    private static MinioBlobStoreConfig config(Infrastructure servers, String url) {
        return new MinioBlobStoreConfig(URI.create(url), servers.s3().region(), servers.s3().accessKey(),
                servers.s3().secretKey(), "acceptor-it", Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10), 16);
    }

    private static EventPublisher publisher(String bootstrap) {
        return new EventPublisher(ProducerSettings.defaults(bootstrap), TOPICS);
    }

    /** Every message id on the inbound topic right now: reads each partition up to its end offset. */
    private static List<String> publishedIds(Infrastructure servers) {
        List<String> ids = new ArrayList<>();
        EventCodec codec = new EventCodec();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPICS.inbound()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> ids.add(codec.decode(record.value(), MailAccepted.class).messageId()));
            }
        }
        return ids;
    }
}
