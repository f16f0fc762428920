package io.mailfleet.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.quarkus.content.ContentIndexer;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.blob.BlobRef;
import io.mailfleet.store.blob.BlobStore;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.blob.MinioBlobStoreConfig;
import io.mailfleet.store.cassandra.CassandraAccountRepository;
import io.mailfleet.store.cassandra.CassandraBlobPins;
import io.mailfleet.store.cassandra.CassandraConfig;
import io.mailfleet.store.cassandra.CassandraMailboxRepository;
import io.mailfleet.store.cassandra.CassandraMessageContentRepository;
import io.mailfleet.store.cassandra.CassandraMessageRepository;
import io.mailfleet.store.cassandra.CassandraSessions;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.MessageContentRepository;
import io.mailfleet.store.mailbox.NewMessage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Fills an account's INBOX straight into a running stack's store, as a Maildir is written straight to
 * disk: {@code MailboxFiller ENDPOINTS_ENV ADDRESS < messages}, the messages framed as {@link FramedMessages}
 * reads them, the endpoints those {@code ./mailfleet up} writes (its run folder's endpoints.env).
 *
 * <p>Each message gets what a delivery writes for it, through the same store calls: its body as a blob
 * (pinned first, as delivery-worker's puts are), its content parsed by the indexer smtp-ingress uses
 * (ENVELOPE, BODYSTRUCTURE, sections, header index, preview, search text), then its row, flag block, UID
 * map entry and counters in the store's batch append, in the order read: message n gets UID n of a new
 * INBOX. What it leaves out is what no IMAP read looks at: no delivery receipts (the batch append writes
 * none) and no {@code MessageAdded} events (no session is open on the mailbox while it fills).
 */
public final class MailboxFiller {

    /** Blob puts and content writes in flight at once: the round trips, not this JVM, bound the rate. */
    private static final int STORING_THREADS = 16;
    private static final int STORED_AHEAD = 4 * STORING_THREADS;

    private final BlobStore blobs;
    private final MessageContentRepository contents;
    private final ContentIndexer indexer = new ContentIndexer();
    private final MessageIdGenerator ids = new MessageIdGenerator();

    private MailboxFiller(BlobStore blobs, MessageContentRepository contents) {
        this.blobs = blobs;
        this.contents = contents;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: MailboxFiller ENDPOINTS_ENV ADDRESS < messages (each its length, a line feed, its octets)");
            System.exit(2);
        }
        Map<String, String> endpoints = endpoints(Path.of(args[0]));
        MailAddress address = MailAddress.parse(args[1]);
        CassandraConfig cassandra = CassandraConfig.singleNode(
                CassandraConfig.contactPoint(endpoint(endpoints, "MAILFLEET_CASSANDRA_CONTACT_POINT")),
                endpoint(endpoints, "MAILFLEET_CASSANDRA_LOCAL_DATACENTER"), endpoint(endpoints, "MAILFLEET_CASSANDRA_KEYSPACE"));
        MinioBlobStoreConfig s3 = MinioBlobStoreConfig.of(URI.create(endpoint(endpoints, "MAILFLEET_S3_ENDPOINT")),
                endpoint(endpoints, "MAILFLEET_S3_REGION"), endpoint(endpoints, "MAILFLEET_S3_ACCESS_KEY"),
                endpoint(endpoints, "MAILFLEET_S3_SECRET_KEY"), endpoint(endpoints, "MAILFLEET_S3_BUCKET"));
        ExecutorService storing = Executors.newFixedThreadPool(STORING_THREADS);
        try (CqlSession session = CassandraSessions.open(cassandra);
             BlobStore blobs = MinioBlobStore.create(s3,
                     new CassandraBlobPins(session, CassandraBlobPins.DEFAULT_LIFETIME, Duration.ofSeconds(30)))) {
            Optional<Account> account = new CassandraAccountRepository(session).find(address);
            if (account.isEmpty()) {
                System.err.println("MailboxFiller: no account " + address + " (./mailfleet user add it first)");
                System.exit(1);
            }
            // The INBOX as delivery finds it, or makes it when the account has none yet.
            CassandraMailboxRepository mailboxes = new CassandraMailboxRepository(session, Clock.systemUTC());
            Mailbox inbox = mailboxes.find(account.get().key(), MailboxPath.INBOX)
                    .orElseGet(() -> mailboxes.create(account.get().key(), MailboxPath.INBOX, Optional.empty()).mailbox());
            MailboxFiller filler = new MailboxFiller(blobs, new CassandraMessageContentRepository(session));
            long started = System.nanoTime();
            long appended = BatchAppends.appendAll(new CassandraMessageRepository(session), inbox.id(),
                    new StoredAhead<>(new FramedMessages(System.in), filler::store, storing, STORED_AHEAD));
            System.out.printf("MailboxFiller: %,d messages appended to %s's INBOX in %.1f s%n", appended, address,
                    (System.nanoTime() - started) / 1e9);
        } finally {
            storing.shutdownNow();
        }
    }

    /** Stores what the message's row will refer to, blob then content, and returns the row to append. */
    private NewMessage store(byte[] message) {
        try {
            BlobRef blob = blobs.put(new ByteArrayInputStream(message), message.length);
            contents.put(indexer.index(blob.key().value(), message));
            return new NewMessage(ids.next(), blob.key().value(), blob.size(), Instant.now(), Flags.EMPTY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The VAR=value lines of an env file. */
    private static Map<String, String> endpoints(Path file) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
            }
        }
        return values;
    }

    private static String endpoint(Map<String, String> endpoints, String name) {
        String value = endpoints.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the endpoints file names no " + name);
        }
        return value;
    }
}
