package io.mailfleet.admin.store;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.quarkus.config.CassandraSettings;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.account.AccountRepository;
import io.mailfleet.store.account.AliasRepository;
import io.mailfleet.store.account.DomainRepository;
import io.mailfleet.store.cassandra.CassandraAccountRepository;
import io.mailfleet.store.cassandra.CassandraAliasRepository;
import io.mailfleet.store.cassandra.CassandraDomainRepository;
import io.mailfleet.store.cassandra.CassandraMailboxRepository;
import io.mailfleet.store.cassandra.CassandraMessageRepository;
import io.mailfleet.store.cassandra.CassandraSessions;
import io.mailfleet.store.mailbox.MailboxRepository;
import io.mailfleet.store.mailbox.MessageRepository;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;

/**
 * The repositories on Cassandra. The connection is made on first use and again after a failure,
 * so the service starts while Cassandra is down and reports that through readiness instead.
 */
@ApplicationScoped
public class Store {

    private final CassandraSettings settings;
    private Repositories repositories;

    public Store(CassandraSettings settings) {
        this.settings = settings;
    }

    /** The repositories, connecting first if needed; throws {@link StoreUnavailableException} if it cannot. */
    public synchronized Repositories repositories() {
        if (repositories == null) {
            repositories = CassandraSessions.openMigrated(settings.toConfig(), Repositories::new);
        }
        return repositories;
    }

    public DomainRepository domains() {
        return repositories().domains();
    }

    public AccountRepository accounts() {
        return repositories().accounts();
    }

    public AliasRepository aliases() {
        return repositories().aliases();
    }

    public MailboxRepository mailboxes() {
        return repositories().mailboxes();
    }

    public MessageRepository messages() {
        return repositories().messages();
    }

    @PreDestroy
    synchronized void close() {
        if (repositories != null) {
            repositories.session().close();
        }
    }

    public record Repositories(CqlSession session, DomainRepository domains, AccountRepository accounts,
                               AliasRepository aliases, MailboxRepository mailboxes, MessageRepository messages) {

        Repositories(CqlSession session) {
            this(session, new CassandraDomainRepository(session, Clock.systemUTC()), new CassandraAccountRepository(session),
                    new CassandraAliasRepository(session), new CassandraMailboxRepository(session, Clock.systemUTC()),
                    new CassandraMessageRepository(session));
        }
    }
}
