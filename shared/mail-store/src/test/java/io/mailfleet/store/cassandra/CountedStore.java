package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.testing.Infrastructure;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;

/**
 * What a test of how many requests a read or change costs starts from: a session of its own on the test keyspace
 * whose requests are recorded, and new mailboxes in it, apart from every other test's.
 */
final class CountedStore implements AutoCloseable {

    private final CountedRequests requests = new CountedRequests();
    private final CqlSession session;

    private CountedStore(Infrastructure servers) {
        this.session = CountedRequests.session(servers, requests);
    }

    static CountedStore open(Infrastructure servers) {
        return new CountedStore(servers);
    }

    CqlSession session() {
        return session;
    }

    /** The queries recorded so far, as they come. */
    Queue<String> queries() {
        return requests.queries;
    }

    /** See {@link CountedRequests#settled()}. */
    List<String> settled() {
        return requests.settled();
    }

    /** Forgets the requests of the set-up, once they are recorded. */
    void reset() {
        requests.reset();
    }

    /** A message repository of a process of its own: each call, another one that knows nothing of the mailboxes yet. */
    CassandraMessageRepository newMessageRepository() {
        return new CassandraMessageRepository(session);
    }

    CassandraMailboxRepository mailboxes() {
        return new CassandraMailboxRepository(session, Clock.systemUTC());
    }

    /** The INBOX of a new account. */
    MailboxId newInbox() {
        return mailboxes().create(newAccount(), MailboxPath.INBOX, Optional.empty()).mailbox().id();
    }

    static String newAccount() {
        return "counted-" + UUID.randomUUID() + "@example.test";
    }

    /** The reads among the requests, once recorded: a write of a test's set-up reported late is not counted. */
    List<String> reads() {
        return settled().stream().filter(query -> query.startsWith("SELECT")).toList();
    }

    @Override
    public void close() {
        session.close();
    }
}
