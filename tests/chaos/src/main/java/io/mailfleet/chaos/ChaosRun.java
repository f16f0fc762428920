package io.mailfleet.chaos;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.events.ProducerSettings;
import io.mailfleet.events.topic.TopicLayout;
import io.mailfleet.events.topic.TopicProvisioner;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.blob.MinioBlobStoreConfig;
import io.mailfleet.store.cassandra.CassandraConfig;
import io.mailfleet.store.cassandra.CassandraMailboxRepository;
import io.mailfleet.store.cassandra.CassandraMessageRepository;
import io.mailfleet.store.cassandra.CassandraSessions;
import io.mailfleet.store.cassandra.MessageStoreSettings;
import io.mailfleet.testing.peers.SmtpSink;
import io.mailfleet.testing.process.ConfigFiles;
import io.mailfleet.testing.process.Ports;
import io.mailfleet.testing.process.ServerClasspath;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;

/**
 * The chaos run of the whole system (issue 18): its own Kafka, Cassandra and S3Proxy, two
 * instances of every stateless service and one admin-api as child processes, an SMTP load with
 * POP3 and IMAP readers, a seeded series of faults, then the checks. {@code ChaosIT} runs the
 * short form in the build; {@code bench/chaos.sh} runs {@link #main} with a long one.
 */
public final class ChaosRun {

    private static final String KEYSPACE = "chaos";
    private static final String BUCKET = "chaos-blobs";
    private static final int TOPIC_PARTITIONS = 4;
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration PROVISIONING_TIMEOUT = Duration.ofSeconds(180);
    /** Longer than any fault lasts, even on a loaded machine: a load without a 250 for this long has stalled. */
    private static final Duration LOAD_STALL = Duration.ofMinutes(5);

    private final ChaosSettings settings;
    private final Path workDir;

    ChaosRun(ChaosSettings settings, Path workDir) {
        this.settings = settings;
        this.workDir = workDir;
    }

    /** {@code --messages N --seed S --faults full|short ...}: exits 0 when nothing was lost or duplicated, 1 otherwise. */
    public static void main(String[] args) throws Exception {
        ChaosSettings settings = ChaosSettings.fromArgs(List.of(args), System.getProperties());
        Path work = Files.createTempDirectory("mailfleet-chaos-");
        ChaosReport report = new ChaosRun(settings, work).run();
        report.print(System.out);
        System.exit(report.clean() ? 0 : 1);
    }

    /** Runs and checks; the work folder (servers' data, every process's log) is kept when the run is not clean. */
    ChaosReport run() throws Exception {
        long began = System.nanoTime();
        say("seed " + settings.seed() + ", " + settings.messages() + " messages, faults " + settings.shape() + "; work in " + workDir);
        say("load average before: " + RunCpu.loadAverage());
        FaultPlan plan = FaultPlan.draw(settings.seed(), settings.shape(), ServiceFleet.killableCount());
        ChaosReport report;
        RunCpu cpu = new RunCpu();
        try (ChaosServers servers = new ChaosServers(workDir.resolve("servers"), plan.kills(ChaosServers.Server.CASSANDRA),
                settings.shape() == FaultPlan.Shape.SHORT, cpu);
             SmtpSink sink = SmtpSink.start(ConfigFiles.directory(workDir.resolve("sink")), "127.0.0.1", Ports.free(),
                     SmtpSink.Behaviour.accepting())) {
            servers.startAll();
            provision(servers);
            say("servers up and provisioned after " + seconds(began) + " s");
            String adminToken = "chaos-" + Long.toHexString(new Random().nextLong());
            try (ServiceFleet fleet = new ServiceFleet(ServerClasspath.projectHome(), workDir, servers,
                    serviceSettings(adminToken, sink.port()), cpu)) {
                fleet.start();
                say("servers and " + fleet.all().size() + " service instances up after " + seconds(began) + " s");
                AdminSetup.run(fleet.of(ServiceFleet.Service.ADMIN_API).get(0).httpPort, adminToken, settings.accounts());
                say("domain, accounts and alias made; the load begins");
                report = loadWithFaults(plan, servers, fleet, sink, began);
            }
        }
        Map<String, Long> cpuSeconds = cpu.byProcess();
        say("load average after: " + RunCpu.loadAverage() + "; the run's processes used "
                + cpuSeconds.values().stream().mapToLong(Long::longValue).sum() + " s of CPU in " + seconds(began) + " s: " + cpuSeconds);
        if (report.clean()) {
            deleteRecursively(workDir);
        } else {
            say("kept the servers' data and every log in " + workDir);
        }
        return report;
    }

    private ChaosReport loadWithFaults(FaultPlan plan, ChaosServers servers, ServiceFleet fleet, SmtpSink sink, long began) throws Exception {
        Random choices = new Random(settings.seed());
        Ledger ledger = new Ledger();
        SmtpLoad load = new SmtpLoad(ledger, settings.messages(), settings.accounts(),
                anyOf(fleet.of(ServiceFleet.Service.SMTP_INGRESS), choices), LOAD_STALL);
        Readers readers = new Readers(ledger);
        List<String> pop3Accounts = List.of(SmtpLoad.account(2), SmtpLoad.account(3));
        List<String> imapAccounts = List.of(SmtpLoad.account(4), SmtpLoad.account(5));
        pop3Accounts.forEach(account -> readers.startPop3(account,
                anyOf(fleet.of(ServiceFleet.Service.POP3_GATEWAY), new Random(settings.seed() + account.hashCode())),
                settings.seed() + account.hashCode()));
        imapAccounts.forEach(account -> readers.startImap(account,
                anyOf(fleet.of(ServiceFleet.Service.IMAP_GATEWAY), new Random(settings.seed() + account.hashCode())),
                settings.seed() + account.hashCode()));
        FaultScheduler faults = new FaultScheduler(plan, servers, fleet.killable(), load::accepted, load::done,
                settings.messages());

        long loadBegan = System.nanoTime();
        faults.start();
        load.run(settings.senders(), settings.seed());
        long loadEnded = System.nanoTime();
        Duration loadTime = Duration.ofNanos(loadEnded - loadBegan);
        say(load.accepted() + " answered 250 in " + loadTime.toSeconds() + " s; waiting for the last faults");
        faults.await();
        readers.stop();

        List<String> findings = new ArrayList<>(awaitRecovery(fleet));
        say("faults over, readers stopped, instances checked for readiness");
        if (load.stalled()) {
            findings.add("the load stalled: no message answered 250 for " + LOAD_STALL.toMinutes() + " minutes, "
                    + load.accepted() + " of " + settings.messages() + " accepted");
        }
        List<String> accounts = IntStream.range(0, settings.accounts()).mapToObj(SmtpLoad::account).toList();
        Audit.Verdict verdict;
        try (CqlSession session = CassandraSessions.open(cassandra(servers));
             MinioBlobStore blobs = MinioBlobStore.open(blobConfig(servers));
             Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers()))) {
            // A MOVE cut short (its gateway killed, or Cassandra frozen after the copy) leaves the message in both
            // mailboxes until an open of the source, once the move is older than a live one takes, finishes it.
            // The readers have stopped and no move is live now, so the audit's reads finish them at once, as the
            // next client's would a minute later; without that, a move cut in the last minute counts as a duplicate.
            CassandraMessageRepository messages = new CassandraMessageRepository(session,
                    new MessageStoreSettings(MessageStoreSettings.DEFAULTS.logRetention(), Duration.ZERO));
            CassandraMailboxRepository mailboxes = new CassandraMailboxRepository(session, Clock.systemUTC(), messages);
            awaitSettled(ledger, accounts, mailboxes, messages, sink, kafka, loadEnded);
            say("checking the store");
            Audit.Inventory inventory = Audit.inventory(accounts, mailboxes, messages, blobs);
            verdict = Audit.verdict(ledger, inventory, sink.received());
            say("checking through IMAP and POP3");
            findings.addAll(ProtocolCheck.run(inventory, accounts, pop3Accounts,
                    fleet.of(ServiceFleet.Service.IMAP_GATEWAY).get(0).port(), fleet.of(ServiceFleet.Service.POP3_GATEWAY).get(1).port()));
        }
        findings.addAll(DeadLetters.read(servers.kafka().bootstrapServers()));
        long skipped = SkippedCopies.count(fleet.of(ServiceFleet.Service.DELIVERY_WORKER));
        say("checks done; stopping every process");
        return new ChaosReport(settings.seed(), verdict, findings, faults.timeline(), skipped, loadTime,
                Duration.ofNanos(System.nanoTime() - began));
    }

    /** Every instance ready again once the faults are over: a service that does not come back is a finding. */
    private static List<String> awaitRecovery(ServiceFleet fleet) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        List<ServiceFleet.Instance> waiting = new ArrayList<>(fleet.all());
        waiting.removeIf(ServiceFleet.Instance::ready);
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            waiting.removeIf(ServiceFleet.Instance::ready);
        }
        return waiting.stream().map(instance -> instance + " not ready " + RECOVERY_TIMEOUT.toSeconds() + " s after the faults")
                .toList();
    }

    /**
     * Waits until the store holds at least every copy the ledger promises, nothing is left for
     * delivery to handle ({@link Backlog}), and every produce the load started has ended (its
     * delivery timeout passed, so no late append can follow), then confirms the count on the next
     * poll; or until the settle time is over: the check then reports what is missing.
     */
    private void awaitSettled(Ledger ledger, List<String> accounts, CassandraMailboxRepository mailboxes,
                              CassandraMessageRepository messages, SmtpSink sink, Admin kafka, long loadEnded)
            throws InterruptedException {
        long promised = ledger.attempts().values().stream().filter(attempt -> attempt.outcome() == Ledger.Outcome.ACCEPTED)
                .mapToLong(attempt -> attempt.accounts().stream().filter(account -> !ledger.isDeleted(attempt.token(), account)
                                // A QUIT left unanswered may have deleted it: not a copy to wait for.
                                && !ledger.isMaybeDeleted(attempt.token(), account))
                        .count() + (attempt.remote() ? 1 : 0)).sum();
        long producesOver = loadEnded + ProducerSettings.DEFAULT_DELIVERY_TIMEOUT.toNanos();
        long deadline = System.nanoTime() + settings.settle().toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            boolean drained = System.nanoTime() > producesOver && Backlog.drained(kafka);
            long held = sink.received().size();
            try {
                for (String account : accounts) {
                    held += mailboxes.list(account).stream().mapToLong(mailbox -> messages.counters(mailbox.id()).messages()).sum();
                }
            } catch (RuntimeException e) {
                held = -1;
            }
            if (drained && held >= promised && held == last) {
                say("store settled: " + held + " copies for " + promised + " promised");
                return;
            }
            last = drained ? held : -1;
            Thread.sleep(1_000);
        }
        say("store not settled within " + settings.settle().toSeconds() + " s: " + last + " copies for " + promised + " promised");
    }

    /** A port of one of the instances, drawn at each call: clients spread over both, and find the other when one is down. */
    private static IntSupplier anyOf(List<ServiceFleet.Instance> instances, Random random) {
        return () -> {
            synchronized (random) {
                return instances.get(random.nextInt(instances.size())).port();
            }
        };
    }

    /** The topics and the bucket are made while the migrations run: the three servers are independent. */
    private void provision(ChaosServers servers) {
        // The servers' start bound, not the provisioner's 30 s: a just-started broker on a machine
        // shared with many builds answered its first admin requests later than that (seen in a run).
        CompletableFuture<Void> topics = CompletableFuture.runAsync(() -> new TopicProvisioner(servers.kafka().bootstrapServers(),
                Map.of(), PROVISIONING_TIMEOUT).createMissing(Topics.DEFAULTS, new TopicLayout(TOPIC_PARTITIONS, (short) 1)));
        CompletableFuture<Void> bucket = CompletableFuture.runAsync(() -> MinioBlobStore.open(blobConfig(servers)).close());
        CassandraSessions.openMigrated(cassandra(servers)).close();
        for (CompletableFuture<Void> step : List.of(topics, bucket)) {
            try {
                step.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
    }

    private static CassandraConfig cassandra(ChaosServers servers) {
        return CassandraConfig.singleNode(servers.cassandra().contactPoint(), servers.cassandra().localDatacenter(), KEYSPACE);
    }

    private static MinioBlobStoreConfig blobConfig(ChaosServers servers) {
        return MinioBlobStoreConfig.of(URI.create(servers.s3().url()), servers.s3().region(), servers.s3().accessKey(),
                servers.s3().secretKey(), BUCKET);
    }

    /**
     * What every instance is told besides the servers' endpoints; a service reads only its own
     * prefix. Plain-text logins on loopback, since the readers speak without TLS; no per-address
     * connection rate limit, since all the load comes from 127.0.0.1; short relay retries and
     * maildrop leases, so that recovery fits in the run.
     */
    private static Map<String, String> serviceSettings(String adminToken, int sinkPort) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("mailfleet.cassandra.keyspace", KEYSPACE);
        settings.put("mailfleet.s3.bucket", BUCKET);
        settings.put("mailfleet.admin.token", adminToken);
        for (String protocol : List.of("smtp", "pop3", "imap")) {
            settings.put("mailfleet." + protocol + ".bind-address", "127.0.0.1");
            settings.put("mailfleet." + protocol + ".max-connection-rate-per-ip", "1000000");
            settings.put("mailfleet." + protocol + ".max-connections-per-ip", "1000");
        }
        settings.put("mailfleet.pop3.allow-plaintext-auth", "true");
        settings.put("mailfleet.pop3.lock-ttl", "10s");
        settings.put("mailfleet.imap.allow-plaintext-auth", "true");
        settings.put("mailfleet.delivery.hostname", "localhost");
        settings.put("mailfleet.delivery.retry.initial-delay", "2s");
        settings.put("mailfleet.delivery.retry.multiplier", "2");
        settings.put("mailfleet.delivery.retry.max-delay", "10s");
        settings.put("mailfleet.relay.smart-host.address", "127.0.0.1:" + sinkPort);
        settings.put("mailfleet.relay.smart-host.require-tls", "false");
        return settings;
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static long seconds(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toSeconds();
    }

    private static void say(String what) {
        System.out.printf("[chaos %tT] %s%n", System.currentTimeMillis(), what);
    }
}
