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
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.NewMessage;
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
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The storage core on real servers (Cassandra and S3Proxy as local processes, with the full JIT):
 * blob puts and gets of 4 KB and 1 MB, appends with UID allocation, and the time to list a
 * mailbox's UIDs and flags as it grows. Sizes are system properties, so a quick run is possible.
 */
public final class StoreBenchmark {

    private static final int BLOB_SMALL_OPS = Integer.getInteger("bench.blob.small", 2000);
    private static final int BLOB_LARGE_OPS = Integer.getInteger("bench.blob.large", 100);
    private static final int APPENDS = Integer.getInteger("bench.appends", 2000);
    private static final int[] LIST_SIZES = Arrays.stream(System.getProperty("bench.list.sizes", "10000,100000").split(","))
            .mapToInt(Integer::parseInt).toArray();
    private static final int THREADS = Integer.getInteger("bench.threads", 8);

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        LocalServerSettings test = LocalServerSettings.forTests();
        LocalServerSettings settings = new LocalServerSettings(test.baseDir(), true, false, false, 0, 0, 0, 0, 0,
                test.s3AccessKey(), test.s3SecretKey());
        List<Throughput.Result> results = new ArrayList<>();
        try (LocalServers servers = LocalServers.start(settings)) {
            System.out.println("servers up: cassandra " + servers.cassandra().port() + ", s3 " + servers.s3().url());
            try (BlobStore blobs = MinioBlobStore.open(MinioBlobStoreConfig.of(URI.create(servers.s3().url()),
                    servers.s3().region(), servers.s3().accessKey(), servers.s3().secretKey(), "bench"))) {
                results.addAll(blobs(blobs));
            }
            CassandraConfig config = CassandraConfig.singleNode(servers.cassandra().contactPoint(),
                    servers.cassandra().localDatacenter(), "bench");
            try (CqlSession session = CassandraSessions.openMigrated(config)) {
                results.addAll(appends(session));
                listings(session);
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

    /** Grows one mailbox through the real append path, 50 messages a change, and times a full listing at each size. */
    private static void listings(CqlSession session) throws Exception {
        CassandraMailboxRepository mailboxes = new CassandraMailboxRepository(session, Clock.systemUTC());
        CassandraMessageRepository messages = new CassandraMessageRepository(session);
        MessageIdGenerator ids = new MessageIdGenerator();
        MailboxId listing = mailbox(mailboxes, "listing");
        int filled = 0;
        System.out.println();
        for (int size : LIST_SIZES) {
            int missing = size - filled;
            long started = System.nanoTime();
            int batches = (missing + MessageRepository.MAX_ATOMIC_APPEND - 1) / MessageRepository.MAX_ATOMIC_APPEND;
            Throughput.measure("fill", batches, 1, i -> messages.appendAll(listing,
                    Stream.generate(() -> message(ids)).limit(Math.min(MessageRepository.MAX_ATOMIC_APPEND,
                            missing - i * MessageRepository.MAX_ATOMIC_APPEND)).toList()));
            filled = size;
            System.out.printf("filled to %,d messages in %.0f s%n", size, (System.nanoTime() - started) / 1e9);
            messages.list(listing);
            long[] runs = new long[5];
            for (int r = 0; r < runs.length; r++) {
                long began = System.nanoTime();
                int listed = messages.list(listing).size();
                runs[r] = System.nanoTime() - began;
                if (listed != size) {
                    throw new IllegalStateException("listed " + listed + " of " + size);
                }
            }
            Arrays.sort(runs);
            System.out.printf("list UIDs and flags of %,7d messages: median %7.1f ms (min %.1f, max %.1f)%n",
                    size, runs[2] / 1e6, runs[0] / 1e6, runs[4] / 1e6);
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
