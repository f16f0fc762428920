package io.mailfleet.imap.gateway.server;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.auth.Authenticator;
import io.mailfleet.imap.gateway.config.ImapGatewaySettings;
import io.mailfleet.quarkus.backend.DirectoryEvents;
import io.mailfleet.quarkus.backend.LoginPath;
import io.mailfleet.quarkus.backend.MailBackends;
import io.mailfleet.server.ServerMetrics;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.cassandra.CassandraAccountRepository;
import io.mailfleet.store.cassandra.CassandraBlobPins;
import io.mailfleet.store.cassandra.CassandraMailboxRepository;
import io.mailfleet.store.cassandra.CassandraMessageContentRepository;
import io.mailfleet.store.cassandra.CassandraMessageRepository;
import io.mailfleet.store.mailbox.ClientAppends;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * What IMAP sessions use of the shared backends: the repositories and the authenticator on the
 * Cassandra session (made on first use, so the gateway starts while Cassandra is down and answers
 * {@code NO [UNAVAILABLE]} meanwhile), the blob store, the publisher of mailbox hints and that of directory changes.
 */
@ApplicationScoped
public class Backends {

    private final MailBackends shared;
    private final MailboxHints hints;
    private final DirectoryEvents directory;
    private final Supplier<Store> store;

    public Backends(MailBackends shared, MailboxHints hints, DirectoryEvents directory, ImapGatewaySettings settings,
                    ServerMetrics serverMetrics) {
        this.shared = shared;
        this.hints = hints;
        this.directory = directory;
        this.store = shared.onCassandra(session -> store(session, settings, serverMetrics));
        // APPEND writes blobs, and every instance's IDLE push reads mailbox.events: without the topic
        // the broadcast reader stays disconnected and sessions poll until some producer creates it.
        shared.createBucketAndTopics();
    }

    /** The blob store; each of its puts pins the blob's key before it returns, so rows may refer to it at once. */
    public MinioBlobStore blobs() {
        return shared.blobs();
    }

    /**
     * The pins the blob store's puts write, for an APPEND that pins a literal with its parsed content in one
     * write; connecting first if needed, it throws StoreUnavailableException if it cannot.
     */
    public CassandraBlobPins pins() {
        return shared.pins();
    }

    /** Where IMAP writes leave their hints for the IDLE sessions of every instance. */
    public MailboxHints events() {
        return hints;
    }

    /** Where a RENAME of INBOX tells delivery's caches that the account's INBOX is another mailbox now. */
    public DirectoryEvents directory() {
        return directory;
    }

    /** The repositories, connecting first if needed; throws StoreUnavailableException if it cannot. */
    public Store store() {
        return store.get();
    }

    private static Store store(CqlSession session, ImapGatewaySettings settings, ServerMetrics serverMetrics) {
        CassandraMailboxRepository mailboxes = new CassandraMailboxRepository(session, Clock.systemUTC());
        CassandraMessageRepository messages = new CassandraMessageRepository(session);
        CassandraAccountRepository accounts = new CassandraAccountRepository(session);
        CassandraMessageContentRepository contents = new CassandraMessageContentRepository(session);
        return new Store(session, mailboxes, messages, accounts, contents, new ClientAppends(accounts, mailboxes, contents, messages),
                LoginPath.authenticator(session, settings, serverMetrics, "imap"));
    }

    /** The repositories and the authenticator on one Cassandra session. */
    public record Store(CqlSession session, CassandraMailboxRepository mailboxes, CassandraMessageRepository messages,
                        CassandraAccountRepository accounts, CassandraMessageContentRepository contents,
                        ClientAppends appends, Authenticator authenticator) {
    }
}
