package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.UidValidity;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.MailboxRepository;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Mailboxes by account and name, with a lookup by id. A new mailbox's dependent rows (its state
 * partition and id lookup) are written before its name is claimed, so a name never points at a
 * half-made mailbox; a lost race leaves only rows that nothing refers to, which are removed.
 */
public final class CassandraMailboxRepository implements MailboxRepository {

    private static final String COLUMNS = "account, path, mailbox_id, uid_validity, special_use, subscribed";

    private final CqlSession session;
    private final Clock clock;
    private final MailboxState.Statements state;
    private final PreparedStatement claimName;
    private final PreparedStatement insertById;
    private final PreparedStatement selectByPath;
    private final PreparedStatement selectById;
    private final PreparedStatement selectByAccount;
    private final PreparedStatement updateSubscribed;
    private final PreparedStatement deleteName;
    private final PreparedStatement deleteById;
    private final PreparedStatement deleteData;

    public CassandraMailboxRepository(CqlSession session, Clock clock) {
        this.session = session;
        this.clock = clock;
        this.state = new MailboxState.Statements(session);
        this.claimName = session.prepare("INSERT INTO mailboxes (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        this.insertById = session.prepare("INSERT INTO mailboxes_by_id (mailbox_id, account, path) VALUES (?, ?, ?)");
        this.selectByPath = session.prepare("SELECT " + COLUMNS + " FROM mailboxes WHERE account = ? AND path = ?");
        this.selectById = session.prepare("SELECT account, path FROM mailboxes_by_id WHERE mailbox_id = ?");
        this.selectByAccount = session.prepare("SELECT " + COLUMNS + " FROM mailboxes WHERE account = ?");
        this.updateSubscribed = session.prepare("UPDATE mailboxes SET subscribed = ? WHERE account = ? AND path = ? IF EXISTS");
        this.deleteName = session.prepare("DELETE FROM mailboxes WHERE account = ? AND path = ? IF mailbox_id = ?");
        this.deleteById = session.prepare("DELETE FROM mailboxes_by_id WHERE mailbox_id = ?");
        this.deleteData = session.prepare("DELETE FROM mailbox_data WHERE mailbox_id = ?");
    }

    @Override
    public Created create(String account, MailboxPath path, Optional<String> specialUse) {
        Optional<Mailbox> existing = find(account, path);
        if (existing.isPresent()) {
            return new Created(existing.get(), false);
        }
        Mailbox mailbox = new Mailbox(MailboxId.random(), account, path, newUidValidity(), specialUse, true);
        UUID id = mailbox.id().value();
        state.initialize(mailbox.id());
        Cql.run("create mailbox", () -> session.execute(insertById.bind(id, account, path.toString())));
        ResultSet claimed = Cql.call("create mailbox", () -> session.execute(claimName.bind(account, path.toString(), id,
                mailbox.uidValidity().value(), specialUse.orElse(null), true)));
        if (claimed.wasApplied()) {
            return new Created(mailbox, true);
        }
        Cql.run("clean up lost mailbox race", () -> {
            session.execute(deleteById.bind(id));
            session.execute(deleteData.bind(id));
        });
        return new Created(mailbox(claimed.one()), false);
    }

    /**
     * UIDVALIDITY from the clock in seconds: a mailbox deleted and created again under the same
     * name gets a larger value, so clients drop their cached UIDs (RFC 9051 §2.3.1.1).
     */
    private UidValidity newUidValidity() {
        return UidValidity.of(Math.max(1, clock.instant().getEpochSecond() & 0xFFFF_FFFFL));
    }

    @Override
    public Optional<Mailbox> find(String account, MailboxPath path) {
        Row row = Cql.call("read mailbox", () -> session.execute(selectByPath.bind(account, path.toString())).one());
        return Optional.ofNullable(row).map(CassandraMailboxRepository::mailbox);
    }

    @Override
    public Optional<Mailbox> findById(MailboxId id) {
        Row row = Cql.call("read mailbox", () -> session.execute(selectById.bind(id.value())).one());
        if (row == null) {
            return Optional.empty();
        }
        return find(row.getString("account"), MailboxPath.parse(row.getString("path")))
                .filter(mailbox -> mailbox.id().equals(id));
    }

    @Override
    public List<Mailbox> list(String account) {
        return Cql.call("list mailboxes", () -> {
            List<Mailbox> mailboxes = new ArrayList<>();
            for (Row row : session.execute(selectByAccount.bind(account))) {
                mailboxes.add(mailbox(row));
            }
            return mailboxes;
        });
    }

    @Override
    public void setSubscribed(String account, MailboxPath path, boolean subscribed) {
        Cql.run("update subscription", () -> session.execute(updateSubscribed.bind(subscribed, account, path.toString())));
    }

    @Override
    public void delete(Mailbox mailbox) {
        UUID id = mailbox.id().value();
        Cql.run("delete mailbox", () -> {
            session.execute(deleteName.bind(mailbox.account(), mailbox.path().toString(), id));
            session.execute(deleteById.bind(id));
            session.execute(deleteData.bind(id));
        });
    }

    private static Mailbox mailbox(Row row) {
        return new Mailbox(new MailboxId(row.getUuid("mailbox_id")), row.getString("account"),
                MailboxPath.parse(row.getString("path")), UidValidity.of(row.getLong("uid_validity")),
                Optional.ofNullable(row.getString("special_use")), row.getBoolean("subscribed"));
    }
}
