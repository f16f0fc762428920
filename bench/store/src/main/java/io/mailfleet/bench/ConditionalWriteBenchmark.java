package io.mailfleet.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.cassandra.CassandraConfig;
import io.mailfleet.store.cassandra.CassandraMailboxRepository;
import io.mailfleet.store.cassandra.CassandraMessageRepository;
import io.mailfleet.store.cassandra.CassandraSessions;
import io.mailfleet.store.mailbox.FlagUpdate;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.testing.process.CassandraServer;
import io.mailfleet.testing.process.CommitLogSync;
import io.mailfleet.testing.process.Ports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * What the store's conditional writes (Paxos rounds) cost under each commit log sync mode: a flag change and an
 * append, by one writer and by ten writers on a mailbox each (so the figures are the sync's, not lost races), on a
 * Cassandra started for each mode with the full JIT. Beside latency and throughput, Cassandra's own counts per
 * operation: commit log syncs, writes that waited for one, Paxos state writes and rounds. The modes run back to
 * back, then all of them again, to show the noise; each line carries the load average it ran under.
 */
final class ConditionalWriteBenchmark {

    private static final List<CommitLogSync> MODES = Arrays.stream(
                    System.getProperty("bench.commitlog.modes", "group:10ms,group:2ms,batch,periodic").split(","))
            .map(CommitLogSync::parse).toList();
    private static final int ROUNDS = Integer.getInteger("bench.commitlog.rounds", 2);
    private static final int SERIAL_OPS = Integer.getInteger("bench.commitlog.serial-ops", 300);
    private static final int CONCURRENT_OPS = Integer.getInteger("bench.commitlog.concurrent-ops", 1000);
    private static final int WARM_UP_OPS = Integer.getInteger("bench.commitlog.warm-up-ops", 200);
    private static final int WRITERS = 10;
    private static final int MESSAGES_PER_MAILBOX = 50;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);

    private final CassandraMailboxRepository mailboxes;
    private final CassandraMessageRepository messages;
    private final MessageIdGenerator ids = new MessageIdGenerator();
    private final AtomicInteger accounts = new AtomicInteger();

    private ConditionalWriteBenchmark(CqlSession session) {
        this.mailboxes = new CassandraMailboxRepository(session, Clock.systemUTC());
        this.messages = new CassandraMessageRepository(session);
    }

    static void run(Path baseDir) throws Exception {
        System.out.printf("fsync of 4 KB appended to a file on this disk: %s%n", DiskSyncs.measure(baseDir, 300));
        List<String> lines = new ArrayList<>();
        int run = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            for (CommitLogSync mode : MODES) {
                run++;
                lines.addAll(measure(baseDir.resolve("run-" + run), mode, run == 1));
            }
        }
        System.out.println();
        System.out.println(Line.HEADER);
        lines.forEach(System.out::println);
    }

    private static List<String> measure(Path dir, CommitLogSync mode, boolean countRounds) throws Exception {
        Files.createDirectories(dir);
        try (CassandraServer cassandra = CassandraServer.start(dir, dir.resolve("cassandra.log"), Ports.free(), Ports.free(),
                false, false, mode, START_TIMEOUT);
             CqlSession session = CassandraSessions.openMigrated(CassandraConfig.singleNode(
                     cassandra.endpoint().contactPoint(), cassandra.endpoint().localDatacenter(), "bench"));
             CassandraCounters counters = CassandraCounters.attach(cassandra)) {
            System.out.printf("%s: Cassandra runs with %s%n", mode, commitLogSettings(session));
            ConditionalWriteBenchmark benchmark = new ConditionalWriteBenchmark(session);
            if (countRounds) {
                new PaxosRounds(benchmark.mailboxes, benchmark.messages, counters).print();
            }
            benchmark.flagChanges(benchmark.filledMailboxes(WRITERS), WARM_UP_OPS);
            benchmark.appends(benchmark.filledMailboxes(WRITERS), WARM_UP_OPS);
            List<String> lines = new ArrayList<>();
            for (int writers : new int[] {1, WRITERS}) {
                int operations = writers == 1 ? SERIAL_OPS : CONCURRENT_OPS;
                List<MailboxId> flagged = benchmark.filledMailboxes(writers);
                lines.add(report(mode, "flag change", counters, () -> benchmark.flagChanges(flagged, operations)));
                List<MailboxId> appendedTo = benchmark.filledMailboxes(writers);
                lines.add(report(mode, "append", counters, () -> benchmark.appends(appendedTo, operations)));
            }
            return lines;
        }
    }

    /** The commit log settings the server took from its cassandra.yaml, as it reports them. */
    private static String commitLogSettings(CqlSession session) {
        return session.execute("SELECT name, value FROM system_views.settings WHERE name IN "
                        + "('commitlog_sync', 'commitlog_sync_group_window', 'commitlog_sync_period', 'paxos_variant')")
                .all().stream().map(row -> row.getString("name") + "=" + row.getString("value")).toList().toString();
    }

    private interface Measured {
        Throughput.Result run() throws Exception;
    }

    private static String report(CommitLogSync mode, String name, CassandraCounters counters, Measured measured) throws Exception {
        String load = LoadAverage.now();
        CassandraCounters.Snapshot before = counters.read();
        Throughput.Result result = measured.run();
        String line = new Line(mode, name, load, result, counters.read().minus(before)).toString();
        System.out.println(line);
        return line;
    }

    /**
     * Toggles {@code \Seen} on one message after another, each writer in a mailbox of its own and counting its own
     * changes, so that every change changes something: a flag already so is no write at all.
     */
    private Throughput.Result flagChanges(List<MailboxId> mailboxes, int operations) throws Exception {
        ConcurrentLinkedQueue<MailboxId> free = new ConcurrentLinkedQueue<>(mailboxes);
        ThreadLocal<MailboxId> own = ThreadLocal.withInitial(free::remove);
        ThreadLocal<int[]> made = ThreadLocal.withInitial(() -> new int[1]);
        Flags seen = Flags.of(Flag.SEEN);
        return Throughput.measure("flag change", operations, mailboxes.size(), i -> {
            int n = made.get()[0]++;
            Uid uid = Uid.of(1 + n % MESSAGES_PER_MAILBOX);
            FlagUpdate update = (n / MESSAGES_PER_MAILBOX) % 2 == 0 ? FlagUpdate.add(seen) : FlagUpdate.remove(seen);
            messages.store(own.get(), List.of(uid), update, Optional.empty());
        });
    }

    /** Appends one message at a time, as IMAP APPEND does, each writer to a mailbox of its own. */
    private Throughput.Result appends(List<MailboxId> mailboxes, int operations) throws Exception {
        ConcurrentLinkedQueue<MailboxId> free = new ConcurrentLinkedQueue<>(mailboxes);
        ThreadLocal<MailboxId> own = ThreadLocal.withInitial(free::remove);
        return Throughput.measure("append", operations, mailboxes.size(), i -> messages.append(own.get(), message()));
    }

    /** Mailboxes of {@value #MESSAGES_PER_MAILBOX} messages each, one per writer, made before the counts are taken. */
    private List<MailboxId> filledMailboxes(int count) {
        List<MailboxId> filled = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            MailboxId mailbox = mailboxes.create("bench-cw-" + accounts.incrementAndGet() + "@example.test",
                    MailboxPath.INBOX, Optional.empty()).mailbox().id();
            BatchAppends.appendAll(messages, mailbox, Stream.generate(this::message).limit(MESSAGES_PER_MAILBOX).iterator());
            filled.add(mailbox);
        }
        return filled;
    }

    private NewMessage message() {
        return new NewMessage(ids.next(), "sha256/" + Long.toHexString(ThreadLocalRandom.current().nextLong()), 4096,
                Instant.now(), Flags.EMPTY);
    }

    /** One line of the table: the figures of one operation under one mode, with Cassandra's counts per operation. */
    private record Line(CommitLogSync mode, String name, String load, Throughput.Result result, CassandraCounters.Snapshot counts) {

        static final String HEADER = String.format("%-15s %-12s %3s %8s %8s %8s   %6s %6s %6s %6s %7s %7s  %s",
                "commit log", "operation", "thr", "ops/s", "p50 ms", "p99 ms",
                "CAS/op", "pxw/op", "sync/op", "wait/op", "sync ms", "wait ms", "load average (1, 5, 15 min)");

        @Override
        public String toString() {
            double ops = result.operations();
            return String.format("%-15s %-12s %3d %8.1f %8.2f %8.2f   %6.2f %6.2f %6.2f %6.2f %7.2f %7.2f  %s",
                    mode, name, result.threads(), result.perSecond(), result.percentileMillis(50), result.percentileMillis(99),
                    counts.casWrites() / ops, counts.paxosWrites() / ops, counts.syncs() / ops, counts.waitsForSync() / ops,
                    counts.syncMillis(), counts.waitMillis(), load);
        }
    }
}
