package io.mailfleet.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.events.EventPublisher;
import io.mailfleet.events.ProducerSettings;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.BodyType;
import io.mailfleet.model.event.ClientDigest;
import io.mailfleet.model.event.ClientInfo;
import io.mailfleet.model.event.Listener;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.model.event.Recipient;
import io.mailfleet.quarkus.content.ContentIndexer;
import io.mailfleet.quarkus.content.SortFieldsOf;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.blob.BlobRef;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.blob.MinioBlobStoreConfig;
import io.mailfleet.store.cassandra.CassandraAccountRepository;
import io.mailfleet.store.cassandra.CassandraConfig;
import io.mailfleet.store.cassandra.CassandraDomainRepository;
import io.mailfleet.store.cassandra.CassandraMessageContentRepository;
import io.mailfleet.store.cassandra.CassandraSessions;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.MessageContentRepository;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivery on the running local stack (bench/delivery.sh starts it), one step per run of this program, so that
 * the script can repeat a step as a warm-up round and take its snapshots of the stack between steps:
 * <ul>
 *   <li>{@code accounts}: the bench's domain and its accounts;</li>
 *   <li>{@code send SECONDS}: SMTP clients send at the fixed rate for that long, and it waits until the worker
 *       delivered what was accepted (a warm-up round);</li>
 *   <li>{@code latency SECONDS}: the same, measured: latency from acceptance by smtp-ingress to the message in
 *       the INBOX, p50 and p99, read from the worker's own histogram, with the worker's stages (where that
 *       time goes);</li>
 *   <li>{@code backlog COUNT}: the highest sustained delivery rate: a backlog of accepted messages is published
 *       to Kafka at once (each stored first as smtp-ingress stores it: body, parsed content, client digest in
 *       the event), and the worker's delivered count is timed until it has taken all of them, with the
 *       Cassandra queries and writes one delivery cost. The commands in {@code bench.backlog.before} and
 *       {@code bench.backlog.after}, if given, run with bash right before the backlog is published and right
 *       after it drained (the script snapshots CPU and starts and stops a recording there);</li>
 *   <li>{@code backlog-round COUNT}: the same drain, as a warm-up round: timed, not counted in Cassandra.</li>
 * </ul>
 * Each step but {@code accounts} writes the number of messages it had delivered into the file
 * {@code bench.result}, if given.
 */
public final class DeliveryBenchmark {

    private static final int ACCOUNTS = 10;
    private static final int BODY_SIZE = 4096;
    private static final String SENDER = "bench@remote.example";
    private static final ContentIndexer INDEXER = new ContentIndexer();
    /** The worker's stages (mailfleet_delivery_stage_seconds): queued per message, the others per batch. */
    private static final List<String> STAGES = List.of("queued", "routed", "stored", "acknowledged");

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        int rate = Integer.getInteger("bench.rate", 50);
        String[] smtp = System.getProperty("bench.smtp", "127.0.0.1:2525").split(":");
        WorkerMetrics worker = new WorkerMetrics(System.getProperty("bench.worker", "http://127.0.0.1:8082"));
        String step = args.length > 0 ? args[0] : "";
        int amount = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        int delivered = switch (step) {
            case "accounts" -> {
                createAccounts(env);
                yield 0;
            }
            case "send" -> send(smtp, worker, rate, amount);
            case "latency" -> measureLatency(smtp, worker, rate, amount);
            case "backlog" -> measureBacklog(env, worker, amount, true);
            case "backlog-round" -> measureBacklog(env, worker, amount, false);
            default -> throw new IllegalArgumentException(
                    "usage: DeliveryBenchmark accounts | send SECONDS | latency SECONDS | backlog COUNT | backlog-round COUNT");
        };
        String result = System.getProperty("bench.result", "");
        if (!result.isBlank()) {
            Files.writeString(Path.of(result), delivered + "\n");
        }
    }

    private static List<MailAddress> accounts() {
        List<MailAddress> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(MailAddress.parse("user" + i + "@bench.test"));
        }
        return accounts;
    }

    /** Sends at the rate for that many seconds and waits until the worker delivered what was accepted. */
    private static int send(String[] smtp, WorkerMetrics worker, int rate, int seconds) throws Exception {
        double deliveredBefore = worker.delivered();
        int sent = sendAtFixedRate(smtp[0], Integer.parseInt(smtp[1]), accounts(), rate, seconds);
        if (!awaitDelivered(worker, deliveredBefore + sent, Duration.ofMinutes(2))) {
            throw new IllegalStateException("the worker did not deliver the " + sent + " messages accepted within 2 minutes");
        }
        return sent;
    }

    private static int measureLatency(String[] smtp, WorkerMetrics worker, int rate, int seconds) throws Exception {
        System.out.printf("1. latency: %d msg/s over SMTP for %d s, %d-octet messages, %d accounts%n", rate, seconds, BODY_SIZE, ACCOUNTS);
        Map<Double, Double> before = worker.latencyBuckets();
        Map<String, Map<Double, Double>> stagesBefore = stageBuckets(worker);
        int sent = send(smtp, worker, rate, seconds);
        Map<Double, Double> after = worker.latencyBuckets();
        System.out.printf("   accepted %d; accept -> INBOX p50 <= %.0f ms, p99 <= %.0f ms (upper bounds of histogram buckets)%n",
                sent, 1000 * WorkerMetrics.quantile(before, after, 0.50), 1000 * WorkerMetrics.quantile(before, after, 0.99));
        Map<String, Map<Double, Double>> stagesAfter = stageBuckets(worker);
        for (String stage : STAGES) {
            System.out.printf("     stage %-12s p50 <= %.0f ms, p99 <= %.0f ms%n", stage,
                    1000 * WorkerMetrics.quantile(stagesBefore.get(stage), stagesAfter.get(stage), 0.50),
                    1000 * WorkerMetrics.quantile(stagesBefore.get(stage), stagesAfter.get(stage), 0.99));
        }
        return sent;
    }

    private static CassandraConfig cassandra(Map<String, String> env) {
        return CassandraConfig.singleNode(CassandraConfig.contactPoint(env.get("MAILFLEET_CASSANDRA_CONTACT_POINT")),
                env.get("MAILFLEET_CASSANDRA_LOCAL_DATACENTER"), env.get("MAILFLEET_CASSANDRA_KEYSPACE"));
    }

    private static void createAccounts(Map<String, String> env) {
        try (CqlSession session = CassandraSessions.open(cassandra(env))) {
            Domain domain = Domain.parse("bench.test");
            new CassandraDomainRepository(session, Clock.systemUTC()).create(domain);
            CassandraAccountRepository repository = new CassandraAccountRepository(session);
            for (MailAddress address : accounts()) {
                repository.create(new Account(address, "$argon2id$no-login", OptionalLong.empty(), Instant.now()));
            }
        }
    }

    private static int sendAtFixedRate(String host, int port, List<MailAddress> accounts, int rate, int seconds)
            throws InterruptedException {
        ScheduledExecutorService clients = Executors.newScheduledThreadPool(8);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        int total = rate * seconds;
        for (int i = 0; i < total; i++) {
            MailAddress to = accounts.get(i % accounts.size());
            byte[] message = body(to, "latency " + i);
            clients.schedule(() -> {
                if (SmtpSend.send(host, port, SENDER, to.toString(), message)) {
                    accepted.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            }, i * 1_000_000L / rate, TimeUnit.MICROSECONDS);
        }
        clients.shutdown();
        clients.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
        if (failed.get() > 0) {
            System.out.printf("   %d messages were not accepted%n", failed.get());
        }
        return accepted.get();
    }

    /** Publishes and times the backlog; {@code measured}: as the measured drain, with its hooks and Cassandra's counts. */
    private static int measureBacklog(Map<String, String> env, WorkerMetrics worker, int backlog, boolean measured)
            throws Exception {
        if (measured) {
            System.out.printf("2. highest sustained rate: a backlog of %d accepted messages published at once%n", backlog);
        }
        List<MailAddress> accounts = accounts();
        MinioBlobStoreConfig s3 = new MinioBlobStoreConfig(URI.create(env.get("MAILFLEET_S3_ENDPOINT")), env.get("MAILFLEET_S3_REGION"),
                env.get("MAILFLEET_S3_ACCESS_KEY"), env.get("MAILFLEET_S3_SECRET_KEY"), env.get("MAILFLEET_S3_BUCKET"),
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30), MinioBlobStoreConfig.DEFAULT_MAX_CONCURRENT_REQUESTS);
        List<MailAccepted> events = new ArrayList<>();
        MessageIdGenerator ids = new MessageIdGenerator();
        ExecutorService uploads = Executors.newFixedThreadPool(8);
        try (MinioBlobStore blobs = MinioBlobStore.open(s3); CqlSession cassandra = CassandraSessions.open(cassandra(env))) {
            MessageContentRepository contents = new CassandraMessageContentRepository(cassandra);
            List<Future<MailAccepted>> accepted = new ArrayList<>();
            for (int i = 0; i < backlog; i++) {
                String id = ids.next().toString();
                MailAddress to = accounts.get(i % accounts.size());
                String subject = "backlog " + i;
                accepted.add(uploads.submit(() -> acceptedAsIngressDoes(blobs, contents, id, to, subject)));
            }
            for (Future<MailAccepted> event : accepted) {
                events.add(event.get());
            }
        } finally {
            uploads.shutdown();
        }
        try (CqlSession cassandra = CassandraSessions.open(cassandra(env))) {
            String keyspace = env.get("MAILFLEET_CASSANDRA_KEYSPACE");
            CassandraCounts countsBefore = CassandraCounts.read(cassandra, keyspace);
            if (measured) {
                runHook("bench.backlog.before");
            }
            double deliveredBefore = worker.delivered();
            long start = System.nanoTime();
            // A loaded machine's broker may take longer than smtp-ingress's bounds to answer the first publishes:
            // the backlog waits for it rather than failing.
            ProducerSettings patient = ProducerSettings.defaults(env.get("MAILFLEET_KAFKA_BOOTSTRAP_SERVERS"))
                    .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(120));
            try (EventPublisher publisher = new EventPublisher(patient, Topics.DEFAULTS)) {
                List<CompletableFuture<?>> acks = new ArrayList<>();
                for (MailAccepted event : events) {
                    acks.add(publisher.publish(event).toCompletableFuture());
                }
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
            }
            double published = (System.nanoTime() - start) / 1e9;
            boolean drained = awaitDelivered(worker, deliveredBefore + backlog, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!drained) {
                throw new IllegalStateException("the worker had not delivered a backlog of " + backlog + " after 10 minutes");
            }
            if (measured) {
                runHook("bench.backlog.after");
            }
            System.out.printf("   published in %.1f s (%.0f/s); delivered all %d messages in %.1f s: %.0f deliveries/s%n", published,
                    backlog / published, backlog, seconds, backlog / seconds);
            if (measured) {
                CassandraCounts.read(cassandra, keyspace).printSince(countsBefore, backlog);
            }
            return backlog;
        }
    }

    /**
     * Stores one message as smtp-ingress stores what it accepts, and returns its event: the body with ingress's
     * Received field in front (naming the queue id) in the blob store, its parsed content written through the
     * same indexer and repository, and the client digest of its octets and the content's facts in the event, so that
     * the worker does for each of them what it does for mail that came over SMTP, and no more.
     */
    private static MailAccepted acceptedAsIngressDoes(MinioBlobStore blobs, MessageContentRepository contents, String messageId,
                                                      MailAddress to, String subject) throws Exception {
        String queueId = messageId.substring(16);
        byte[] message = withTrace(queueId, to, body(to, subject));
        BlobRef blob = blobs.put(new ByteArrayInputStream(message), message.length);
        MessageContent content = INDEXER.index(blob.key().value(), message);
        contents.put(content);
        Optional<String> digest = ClientDigest.of(queueId, SENDER, new ByteArrayInputStream(message)).map(ClientDigest::hex);
        return new MailAccepted(MailAccepted.CURRENT_VERSION, messageId, queueId, Optional.of(SENDER),
                List.of(new Recipient(to.toString(), Set.of(), Optional.empty())), Optional.empty(), Optional.empty(),
                BodyType.SEVEN_BIT, false, blob.key().value(), blob.size(), Instant.now(),
                new ClientInfo("127.0.0.1", "bench.example", Optional.empty(), Optional.empty(), Listener.MX), digest,
                SortFieldsOf.factsOf(content));
    }

    /** The message behind the Received field smtp-ingress writes first (RFC 5321 §4.4), with its queue id. */
    private static byte[] withTrace(String queueId, MailAddress to, byte[] message) {
        byte[] trace = ("Received: from bench.example ([127.0.0.1])\r\n\tby mail.bench.test with ESMTP id " + queueId
                + "\r\n\tfor <" + to + ">;\r\n\tMon, 23 Nov 2026 10:00:00 +0000\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] traced = Arrays.copyOf(trace, trace.length + message.length);
        System.arraycopy(message, 0, traced, trace.length, message.length);
        return traced;
    }

    /** Runs the bash command in the system property {@code name}, if set, and fails if it fails. */
    private static void runHook(String name) throws Exception {
        String command = System.getProperty(name, "");
        if (command.isBlank()) {
            return;
        }
        int status = new ProcessBuilder("bash", "-c", command).inheritIO().start().waitFor();
        if (status != 0) {
            throw new IllegalStateException(name + " failed with status " + status + ": " + command);
        }
    }

    private static Map<String, Map<Double, Double>> stageBuckets(WorkerMetrics worker) throws Exception {
        Map<String, Map<Double, Double>> buckets = new LinkedHashMap<>();
        for (String stage : STAGES) {
            buckets.put(stage, worker.stageBuckets(stage));
        }
        return buckets;
    }

    private static boolean awaitDelivered(WorkerMetrics worker, double target, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (worker.delivered() >= target) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** A plain text message of {@link #BODY_SIZE} octets with the usual header fields. */
    private static byte[] body(MailAddress to, String subject) {
        StringBuilder text = new StringBuilder("From: bench@remote.example\r\nTo: " + to + "\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject.replace(' ', '.') + "." + System.nanoTime() + "@remote.example>\r\n"
                + "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
        String line = "All work and no play makes a benchmark a dull program.\r\n";
        while (text.length() < BODY_SIZE - 2) {
            int room = BODY_SIZE - 2 - text.length();
            text.append(room >= line.length() ? line : "x".repeat(room));
        }
        return text.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }
}
