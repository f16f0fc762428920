package io.mailfleet.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.BlobStore;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.blob.MinioBlobStoreConfig;
import io.mailfleet.store.cassandra.CassandraConfig;
import io.mailfleet.store.cassandra.CassandraMailboxRepository;
import io.mailfleet.store.cassandra.CassandraMessageRepository;
import io.mailfleet.store.cassandra.CassandraSessions;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.testing.process.ConfigFiles;
import io.mailfleet.testing.process.LocalServerSettings;
import io.mailfleet.testing.process.LocalServers;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The storage core on real servers (Cassandra and S3Proxy as local processes, with the full JIT):
 * blob puts and gets of 4 KB and 1 MB, appends with UID allocation, and what IMAP sessions cost on
 * mailboxes of 10,000 and 100,000 messages, and on one that received 200,000 and expunged 150,000 of them
 * ({@link MailboxBenchmark}). Sizes are system properties, so a quick run is possible.
 */
public final class StoreBenchmark {

    private static final int BLOB_SMALL_OPS = Integer.getInteger("bench.blob.small", 2000);
    private static final int BLOB_LARGE_OPS = Integer.getInteger("bench.blob.large", 100);
    private static final int APPENDS = Integer.getInteger("bench.appends", 2000);
    private static final int[] LIST_SIZES = Arrays.stream(System.getProperty("bench.list.sizes", "10000,100000").split(","))
            .mapToInt(Integer::parseInt).toArray();
    private static final int THREADS = Integer.getInteger("bench.threads", 8);
    /** Messages received by the mailbox of the tombstone case, of which three in four are expunged; 0 leaves it out. */
    private static final int TOMBSTONE_CASE = Integer.getInteger("bench.tombstones", 200_000);
    /** Measures only what IMAP sessions cost on mailboxes, without the blob and append throughputs. */
    private static final boolean MAILBOXES_ONLY = Boolean.getBoolean("bench.mailboxes-only");
    /** Mailbox sizes of the BODY search stages ({@link SearchBenchmark}); empty leaves them out. */
    private static final int[] SEARCH_SIZES = Arrays.stream(System.getProperty("bench.search.sizes", "10000").split(","))
            .filter(size -> !size.isBlank()).mapToInt(Integer::parseInt).toArray();
    /** Measures only the BODY search stages. */
    private static final boolean SEARCH_ONLY = Boolean.getBoolean("bench.search-only");
    /** Measures only what conditional writes cost under each commit log sync mode ({@link ConditionalWriteBenchmark}). */
    private static final boolean CONDITIONAL_WRITES_ONLY = Boolean.getBoolean("bench.conditional-writes-only");

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        LocalServerSettings test = LocalServerSettings.forTests();
        if (CONDITIONAL_WRITES_ONLY) {
            try {
                ConditionalWriteBenchmark.run(test.baseDir());
            } finally {
                ConfigFiles.deleteRecursively(test.baseDir());
            }
            return;
        }
        LocalServerSettings settings = new LocalServerSettings(test.baseDir(), true, false, false, 0, 0, 0, 0, 0,
                test.s3AccessKey(), test.s3SecretKey());
        List<Throughput.Result> results = new ArrayList<>();
        try (LocalServers servers = LocalServers.start(settings)) {
            System.out.println("servers up: cassandra " + servers.cassandra().port() + ", s3 " + servers.s3().url());
            if (!MAILBOXES_ONLY && !SEARCH_ONLY) {
                try (BlobStore blobs = MinioBlobStore.open(MinioBlobStoreConfig.of(URI.create(servers.s3().url()),
                        servers.s3().region(), servers.s3().accessKey(), servers.s3().secretKey(), "bench"))) {
                    results.addAll(blobs(blobs));
                }
            }
            CassandraConfig config = CassandraConfig.singleNode(servers.cassandra().contactPoint(),
                    servers.cassandra().localDatacenter(), "bench");
            try (CqlSession session = CassandraSessions.openMigrated(config)) {
                if (!MAILBOXES_ONLY && !SEARCH_ONLY) {
                    results.addAll(appends(session));
                }
                if (!SEARCH_ONLY) {
                    mailboxFigures(session);
                }
                for (int size : SEARCH_SIZES) {
                    SearchBenchmark.print(size, new SearchBenchmark(session).measure(size));
                }
            }
        }
        System.out.println();
        results.forEach(result -> System.out.println(result.line()));
    }

    private static List<Throughput.Result> blobs(BlobStore blobs) throws Exception {
        List<Throughput.Result> results = new ArrayList<>();
        for (int size : new int[] {4 * 1024, 1024 * 1024}) {
            int operations = size < 65536 ? BLOB_SMALL_OPS : BLOB_LARGE_OPS;
            BlobKey[] keys = new BlobKey[operations];
            String label = size < 65536 ? "4 KB" : "1 MB";
            results.add(report(Throughput.measure("blob put " + label, operations, THREADS, i -> {
                byte[] content = new byte[size];
                ThreadLocalRandom.current().nextBytes(content);
                keys[i] = blobs.put(new ByteArrayInputStream(content), size).key();
            })));
            results.add(report(Throughput.measure("blob get " + label, operations, THREADS, i -> {
                try (InputStream in = blobs.get(keys[i])) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            })));
        }
        return results;
    }

    private static List<Throughput.Result> appends(CqlSession session) throws Exception {
        CassandraMailboxRepository mailboxes = new CassandraMailboxRepository(session, Clock.systemUTC());
        CassandraMessageRepository messages = new CassandraMessageRepository(session);
        MessageIdGenerator ids = new MessageIdGenerator();
        List<Throughput.Result> results = new ArrayList<>();

        MailboxId single = mailbox(mailboxes, "single");
        results.add(report(Throughput.measure("append, one mailbox, one writer", APPENDS / 2, 1,
                i -> messages.append(single, message(ids)))));

        MailboxId[] many = new MailboxId[THREADS];
        for (int t = 0; t < THREADS; t++) {
            many[t] = mailbox(mailboxes, "many-" + t);
        }
        results.add(report(Throughput.measure("append, a mailbox per writer", APPENDS, THREADS,
                i -> messages.append(many[i % THREADS], message(ids)))));

        MailboxId shared = mailbox(mailboxes, "shared");
        results.add(report(Throughput.measure("append, one mailbox, racing writers", APPENDS, THREADS,
                i -> messages.append(shared, message(ids)))));
        return results;
    }

    /** The IMAP figures of a mailbox of each size, each size in a mailbox of its own. */
    private static void mailboxFigures(CqlSession session) throws Exception {
        MailboxBenchmark benchmark = new MailboxBenchmark(session);
        List<Map<String, Double>> figures = new ArrayList<>();
        for (int size : LIST_SIZES) {
            figures.add(benchmark.measure(size));
        }
        MailboxBenchmark.print(LIST_SIZES, figures);
        if (TOMBSTONE_CASE > 0) {
            MailboxBenchmark.printTombstones(TOMBSTONE_CASE, benchmark.measureTombstones(TOMBSTONE_CASE), LIST_SIZES, figures);
        }
    }

    private static MailboxId mailbox(CassandraMailboxRepository mailboxes, String name) {
        return mailboxes.create("bench-" + name + "@example.test", MailboxPath.INBOX, Optional.empty()).mailbox().id();
    }

    private static NewMessage message(MessageIdGenerator ids) {
        return new NewMessage(ids.next(), "sha256/" + Long.toHexString(ThreadLocalRandom.current().nextLong()), 4096,
                Instant.now(), Flags.EMPTY);
    }

    private static Throughput.Result report(Throughput.Result result) {
        System.out.println(result.line());
        return result;
    }
}
