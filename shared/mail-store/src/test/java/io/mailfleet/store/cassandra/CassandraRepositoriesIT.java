package io.mailfleet.store.cassandra;

import io.mailfleet.store.account.AccountRepository;
import io.mailfleet.store.account.AccountRepositoryContract;
import io.mailfleet.store.account.AliasRepository;
import io.mailfleet.store.account.AliasRepositoryContract;
import io.mailfleet.store.account.DomainRepository;
import io.mailfleet.store.account.DomainRepositoryContract;
import io.mailfleet.store.lease.MaildropLeases;
import io.mailfleet.store.lease.MaildropLeasesContract;
import io.mailfleet.store.mailbox.ClientAppendsContract;
import io.mailfleet.store.mailbox.MailboxRepository;
import io.mailfleet.store.mailbox.MailboxRepositoryContract;
import io.mailfleet.store.mailbox.MessageContentRepository;
import io.mailfleet.store.mailbox.MessageContentRepositoryContract;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.MessageRepositoryContract;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import io.mailfleet.store.relay.RelayReceiptRepository;
import io.mailfleet.store.relay.RelayReceiptRepositoryContract;

import java.time.Clock;

/** The repository contracts against the real Cassandra of the harness. */
@ExtendWith(RealInfrastructureExtension.class)
class CassandraRepositoriesIT implements MessageRepositoryContract, ClientAppendsContract, MailboxRepositoryContract,
        AccountRepositoryContract, DomainRepositoryContract, AliasRepositoryContract, MessageContentRepositoryContract,
        RelayReceiptRepositoryContract, MaildropLeasesContract {

    private CassandraMessageRepository messages;
    private CassandraMailboxRepository mailboxes;
    private CassandraAccountRepository accounts;
    private CassandraDomainRepository domains;
    private CassandraAliasRepository aliases;
    private CassandraMessageContentRepository contents;
    private CassandraRelayReceiptRepository relayReceipts;
    private CassandraMaildropLeases leases;

    @BeforeEach
    void connect(Infrastructure servers) {
        var session = StoreSessions.shared(servers);
        messages = new CassandraMessageRepository(session);
        mailboxes = new CassandraMailboxRepository(session, Clock.systemUTC());
        accounts = new CassandraAccountRepository(session);
        domains = new CassandraDomainRepository(session, Clock.systemUTC());
        aliases = new CassandraAliasRepository(session);
        contents = new CassandraMessageContentRepository(session);
        relayReceipts = new CassandraRelayReceiptRepository(session);
        leases = new CassandraMaildropLeases(session);
    }

    @Override
    public MessageRepository messages() {
        return messages;
    }

    @Override
    public MailboxRepository mailboxes() {
        return mailboxes;
    }

    @Override
    public AccountRepository accounts() {
        return accounts;
    }

    @Override
    public DomainRepository domains() {
        return domains;
    }

    @Override
    public AliasRepository aliases() {
        return aliases;
    }

    @Override
    public MessageContentRepository contents() {
        return contents;
    }

    @Override
    public RelayReceiptRepository relayReceipts() {
        return relayReceipts;
    }

    @Override
    public MaildropLeases leases() {
        return leases;
    }
}
