package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.UidValidity;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.MailboxRepository;
import io.mailfleet.store.mailbox.MailboxTree;
import io.mailfleet.store.mailbox.MessageRepository;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The mailbox tree of each account in its partition of {@code mailboxes}, with a lookup by id.
 *
 * <p>Every change of a tree reads the partition, plans the rows it writes, and writes them as one
 * conditional batch that applies only if the tree's version is still the one read; a writer that
 * loses the race reads again and plans again. So a change is atomic and isolated whatever it spans:
 * a rename of a whole subtree cannot be seen half done, cannot be left half done by a process that
 * dies, and cannot give a name to two mailboxes. Rows that live outside the partition follow a fixed
 * order so that a crash at any step leaves nothing wrong:
 * <ul>
 *   <li>a new mailbox's state and id lookup are written before the change that names it; after a lost
 *       race they are removed, after a crash they are orphans nothing refers to;</li>
 *   <li>the change that removes a mailbox from the tree records its id in {@code pending_removals};
 *       its messages and id lookup are removed after the change, then the id is cleared. A removal
 *       cut short is finished by the next change of that account's tree;</li>
 *   <li>the id lookup of a renamed mailbox is updated after the change; {@link #findById} checks it
 *       against the tree and searches the tree when it is stale.</li>
 * </ul>
 */
public final class CassandraMailboxRepository implements MailboxRepository {

    /** Beyond this many lost races in a row the tree is too busy: a temporary failure, not a hang. */
    private static final int MAX_ATTEMPTS = 100;
    private static final String TREE_COLUMNS = "path, mailbox_id, uid_validity, special_use,"
            + " tree_version, last_change, last_uid_validity, pending_removals";

    private final CqlSession session;
    private final Clock clock;
    private final MessageRepository messages;
    private final MailboxState.Statements state;
    private final PreparedStatement selectTree;
    private final PreparedStatement selectRow;
    private final PreparedStatement guard;
    private final PreparedStatement putRow;
    private final PreparedStatement removeRow;
    private final PreparedStatement clearRemoval;
    private final PreparedStatement insertById;
    private final PreparedStatement selectById;
    private final PreparedStatement deleteById;
    private final PreparedStatement subscribe;
    private final PreparedStatement unsubscribe;
    private final PreparedStatement selectSubscription;
    private final PreparedStatement selectSubscriptions;

    public CassandraMailboxRepository(CqlSession session, Clock clock) {
        this(session, clock, new CassandraMessageRepository(session));
    }

    /** @param messages where the messages of deleted mailboxes are removed */
    public CassandraMailboxRepository(CqlSession session, Clock clock, MessageRepository messages) {
        this.session = session;
        this.clock = clock;
        this.messages = messages;
        this.state = new MailboxState.Statements(session);
        this.selectTree = session.prepare("SELECT " + TREE_COLUMNS + " FROM mailboxes WHERE account = ?");
        this.selectRow = session.prepare("SELECT path, mailbox_id, uid_validity, special_use FROM mailboxes"
                + " WHERE account = ? AND path = ?");
        this.guard = session.prepare("UPDATE mailboxes SET tree_version = ?, last_change = ?, last_uid_validity = ?,"
                + " pending_removals = pending_removals + ? WHERE account = ? IF tree_version = ?");
        this.putRow = session.prepare("INSERT INTO mailboxes (account, path, mailbox_id, uid_validity, special_use)"
                + " VALUES (?, ?, ?, ?, ?)");
        this.removeRow = session.prepare("DELETE FROM mailboxes WHERE account = ? AND path = ?");
        // Conditional so that it is ordered after the change that added the id, whatever the clocks say.
        this.clearRemoval = session.prepare("UPDATE mailboxes SET pending_removals = pending_removals - ?"
                + " WHERE account = ? IF last_change != null");
        this.insertById = session.prepare("INSERT INTO mailboxes_by_id (mailbox_id, account, path) VALUES (?, ?, ?)");
        this.selectById = session.prepare("SELECT account, path FROM mailboxes_by_id WHERE mailbox_id = ?");
        this.deleteById = session.prepare("DELETE FROM mailboxes_by_id WHERE mailbox_id = ?");
        this.subscribe = session.prepare("INSERT INTO mailbox_subscriptions (account, path) VALUES (?, ?)");
        this.unsubscribe = session.prepare("DELETE FROM mailbox_subscriptions WHERE account = ? AND path = ?");
        this.selectSubscription = session.prepare("SELECT path FROM mailbox_subscriptions WHERE account = ? AND path = ?");
        this.selectSubscriptions = session.prepare("SELECT path FROM mailbox_subscriptions WHERE account = ?");
    }

    @Override
    public Created create(String account, MailboxPath path, Optional<String> specialUse) {
        Created created = change(account, tree -> {
            Optional<Mailbox> existing = tree.row(path).flatMap(row -> row.mailbox(account, false));
            if (existing.isPresent()) {
                return new Plan<>(new Created(existing.get(), false), null);
            }
            TreeChange change = newChange(tree);
            change.createMissingParents(path);
            TreeRow row = change.createMailbox(path, specialUse);
            return new Plan<>(new Created(row.mailbox(account, true).orElseThrow(), true), change);
        });
        if (created.created()) {
            setSubscribed(account, path, true);
            return created;
        }
        return new Created(find(account, path).orElse(created.mailbox()), false);
    }

    @Override
    public Deletion delete(String account, MailboxPath path) {
        return change(account, tree -> {
            if (path.isInbox()) {
                return new Plan<>(Deletion.INBOX, null);
            }
            Optional<TreeRow> row = tree.row(path);
            if (row.isEmpty()) {
                return new Plan<>(Deletion.NO_SUCH_MAILBOX, null);
            }
            boolean hasChildren = tree.hasChildren(path);
            if (hasChildren && !row.get().selectable()) {
                return new Plan<>(Deletion.HAS_CHILDREN, null);
            }
            TreeChange change = newChange(tree);
            row.get().id().ifPresent(change::discardMessagesOf);
            if (hasChildren) {
                change.put(TreeRow.noselect(path));
                return new Plan<>(Deletion.KEPT_AS_NOSELECT, change);
            }
            change.remove(path);
            change.pruneEmptyParents(path);
            return new Plan<>(Deletion.DELETED, change);
        });
    }

    @Override
    public Renaming rename(String account, MailboxPath from, MailboxPath to) {
        return change(account, tree -> {
            Optional<TreeRow> source = tree.row(from);
            if (source.isEmpty()) {
                return new Plan<>(Renaming.NO_SUCH_MAILBOX, null);
            }
            if (tree.exists(to)) {
                return new Plan<>(Renaming.TARGET_EXISTS, null);
            }
            TreeChange change = newChange(tree);
            if (from.isInbox()) {
                // The names below INBOX stay where they are (RFC 3501 section 6.3.5).
                change.put(source.get().at(to));
                change.createMailbox(MailboxPath.INBOX, Optional.empty());
            } else {
                if (from.isAncestorOf(to)) {
                    return new Plan<>(Renaming.INTO_ITSELF, null);
                }
                List<TreeRow> subtree = tree.subtree(from);
                subtree.forEach(row -> change.remove(row.path()));
                for (TreeRow row : subtree) {
                    MailboxPath target = renamed(row.path(), from, to);
                    if (change.willExist(target)) {
                        return new Plan<>(Renaming.TARGET_EXISTS, null);
                    }
                    change.put(row.at(target));
                }
            }
            change.createMissingParents(to);
            if (!from.isInbox()) {
                change.pruneEmptyParents(from);
            }
            return new Plan<>(Renaming.RENAMED, change);
        });
    }

    /** {@code path}, at or below {@code from}, moved to below {@code to}. */
    private static MailboxPath renamed(MailboxPath path, MailboxPath from, MailboxPath to) {
        MailboxPath target = to;
        for (String segment : path.segments().subList(from.depth(), path.depth())) {
            target = target.child(segment);
        }
        return target;
    }

    @Override
    public void delete(Mailbox mailbox) {
        change(mailbox.account(), tree -> {
            Optional<TreeRow> row = tree.withId(mailbox.id());
            if (row.isEmpty()) {
                return new Plan<>(null, null);
            }
            TreeChange change = newChange(tree);
            change.remove(row.get().path());
            change.pruneEmptyParents(row.get().path());
            change.discardMessagesOf(mailbox.id());
            return new Plan<>(null, change);
        });
    }

    @Override
    public Optional<Mailbox> find(String account, MailboxPath path) {
        // The subscription is read beside the row, not after it: SELECT, STATUS, APPEND and COPY each start with this.
        CompletableFuture<Boolean> subscribed = Cql.call("read subscription", () -> session.executeAsync(
                selectSubscription.bind(account, path.toString())).toCompletableFuture().thenApply(rows -> rows.one() != null));
        Optional<Row> found = row(account, path);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return treeRow(found.get()).mailbox(account, Cql.await("read subscription", subscribed));
    }

    @Override
    public Optional<Mailbox> findIgnoringSubscription(String account, MailboxPath path) {
        return row(account, path).flatMap(found -> treeRow(found).mailbox(account, false));
    }

    private Optional<Row> row(String account, MailboxPath path) {
        return Optional.ofNullable(Cql.call("read mailbox", () -> session.execute(selectRow.bind(account, path.toString())).one()));
    }

    @Override
    public Optional<Mailbox> findById(MailboxId id) {
        Row row = Cql.call("read mailbox", () -> session.execute(selectById.bind(id.value())).one());
        if (row == null) {
            return Optional.empty();
        }
        String account = row.getString("account");
        Optional<Mailbox> atRecordedPath = find(account, MailboxPath.parse(row.getString("path")))
                .filter(mailbox -> mailbox.id().equals(id));
        if (atRecordedPath.isPresent()) {
            return atRecordedPath;
        }
        return list(account).stream().filter(mailbox -> mailbox.id().equals(id)).findFirst();
    }

    @Override
    public List<Mailbox> list(String account) {
        MailboxTree tree = tree(account);
        return tree.names().stream().flatMap(name -> name.mailbox().stream()).toList();
    }

    @Override
    public List<MailboxId> ids(String account) {
        return read(account, ConsistencyLevel.LOCAL_QUORUM).all().stream()
                .flatMap(row -> row.mailbox(account, false).stream()).map(Mailbox::id).toList();
    }

    @Override
    public MailboxTree tree(String account) {
        // The subscriptions are read beside the tree, not after it: LIST starts with this.
        CompletableFuture<Set<MailboxPath>> subscriptionsRead = Cql.call("read subscriptions", () -> paths(
                session.executeAsync(selectSubscriptions.bind(account)), new HashSet<>()).toCompletableFuture());
        AccountTree tree = read(account, ConsistencyLevel.LOCAL_QUORUM);
        Set<MailboxPath> subscriptions = Cql.await("read subscriptions", subscriptionsRead);
        List<MailboxTree.Name> names = new ArrayList<>();
        for (TreeRow row : tree.all()) {
            names.add(new MailboxTree.Name(row.path(), row.mailbox(account, subscriptions.contains(row.path()))));
        }
        return new MailboxTree(names, subscriptions);
    }

    @Override
    public MailboxTree treeIgnoringSubscriptions(String account) {
        return new MailboxTree(read(account, ConsistencyLevel.LOCAL_QUORUM).all().stream()
                .map(row -> new MailboxTree.Name(row.path(), row.mailbox(account, false))).toList(), Set.of());
    }

    /** The paths of every page of {@code rows}, added to {@code paths}. */
    private static CompletionStage<Set<MailboxPath>> paths(CompletionStage<AsyncResultSet> rows, Set<MailboxPath> paths) {
        return rows.thenCompose(page -> {
            page.currentPage().forEach(row -> paths.add(MailboxPath.parse(row.getString("path"))));
            return page.hasMorePages() ? paths(page.fetchNextPage(), paths) : CompletableFuture.completedFuture(paths);
        });
    }

    @Override
    public void setSubscribed(String account, MailboxPath path, boolean subscribed) {
        Cql.run("update subscription", () -> session.execute(subscribed
                ? subscribe.bind(account, path.toString())
                : unsubscribe.bind(account, path.toString())));
    }

    /** What a change of the tree returns, and the rows it writes (none when it only answers). */
    private record Plan<T>(T result, TreeChange change) {
    }

    /**
     * Plans {@code planner} against the tree as read and writes it conditioned on the tree's version,
     * again until it applies. Removals cut short by an earlier crash are finished first.
     */
    private <T> T change(String account, Function<AccountTree, Plan<T>> planner) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            AccountTree tree = read(account, ConsistencyLevel.LOCAL_QUORUM);
            if (!tree.pendingRemovals().isEmpty()) {
                finishRemovals(account, tree.pendingRemovals().stream().map(MailboxId::new).toList());
            }
            Plan<T> plan = planner.apply(tree);
            TreeChange change = plan.change();
            if (change == null) {
                return plan.result();
            }
            for (TreeRow created : change.created()) {
                MailboxId id = created.id().orElseThrow();
                state.initialize(id);
                Cql.run("create mailbox", () -> session.execute(insertById.bind(id.value(), account, created.path().toString())));
            }
            if (applied(account, change)) {
                for (TreeRow moved : change.moved()) {
                    Cql.run("rename mailbox", () -> session.execute(
                            insertById.bind(moved.id().orElseThrow().value(), account, moved.path().toString())));
                }
                finishRemovals(account, change.removed());
                return plan.result();
            }
            for (TreeRow unused : change.created()) {
                removeData(unused.id().orElseThrow());
            }
            backOff(attempt);
        }
        throw new StoreUnavailableException("the mailbox tree of " + account + " is too busy to change; try again");
    }

    private TreeChange newChange(AccountTree tree) {
        return new TreeChange(tree, clock.instant().getEpochSecond());
    }

    private boolean applied(String account, TreeChange change) {
        AccountTree base = change.base();
        long version = base.version() == null ? 1 : base.version() + 1;
        Set<UUID> removed = new HashSet<>();
        change.removed().forEach(id -> removed.add(id.value()));
        BatchStatementBuilder batch = BatchStatement.builder(BatchType.UNLOGGED)
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)
                .addStatement(guard.bind(version, change.id, change.lastUidValidity(), removed, account, base.version()));
        for (Map.Entry<MailboxPath, Optional<TreeRow>> write : change.writes().entrySet()) {
            String path = write.getKey().toString();
            batch.addStatement(write.getValue()
                    .map(row -> putRow.bind(account, path, row.id().map(MailboxId::value).orElse(null),
                            row.uidValidity().map(UidValidity::value).orElse(null), row.specialUse().orElse(null)))
                    .orElseGet(() -> removeRow.bind(account, path)));
        }
        try {
            return session.execute(batch.build()).wasApplied();
        } catch (CASWriteUnknownException e) {
            return landed(account, change);
        } catch (WriteTimeoutException e) {
            if (e.getWriteType() == WriteType.CAS) {
                return landed(account, change);
            }
            throw new StoreUnavailableException("mailbox tree change timed out: " + e.getMessage(), e);
        } catch (QueryValidationException bug) {
            throw bug;
        } catch (DriverException e) {
            throw new StoreUnavailableException("mailbox tree change failed: " + e.getMessage(), e);
        }
    }

    /**
     * Whether a change whose round timed out was applied: a serial read completes any round in flight.
     * When another change followed it this says no, and the caller plans again on the newer tree,
     * where creating finds the mailbox, and deleting or renaming find it gone.
     */
    private boolean landed(String account, TreeChange change) {
        return change.id.equals(read(account, ConsistencyLevel.LOCAL_SERIAL).lastChange());
    }

    /** Removes the messages and id lookups of mailboxes the tree no longer has, then forgets them. */
    private void finishRemovals(String account, Iterable<MailboxId> ids) {
        for (MailboxId id : ids) {
            removeData(id);
            Cql.run("finish mailbox removal", () -> session.execute(clearRemoval.bind(Set.of(id.value()), account)
                    .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)));
        }
    }

    private void removeData(MailboxId id) {
        messages.removeAll(id);
        Cql.run("remove mailbox lookup", () -> session.execute(deleteById.bind(id.value())));
    }

    private AccountTree read(String account, ConsistencyLevel consistency) {
        return Cql.call("read mailbox tree", () -> {
            Long version = null;
            UUID lastChange = null;
            long lastUidValidity = 0;
            Set<UUID> pending = Set.of();
            Map<MailboxPath, TreeRow> rows = new LinkedHashMap<>();
            for (Row row : session.execute(selectTree.bind(account).setConsistencyLevel(consistency))) {
                if (!row.isNull("tree_version")) {
                    version = row.getLong("tree_version");
                    lastChange = row.getUuid("last_change");
                    lastUidValidity = row.getLong("last_uid_validity");
                }
                pending = row.getSet("pending_removals", UUID.class);
                if (!row.isNull("path")) {
                    TreeRow treeRow = treeRow(row);
                    rows.put(treeRow.path(), treeRow);
                    // Mailboxes made before the tree had a version took UIDVALIDITY from the clock alone.
                    lastUidValidity = Math.max(lastUidValidity, treeRow.uidValidity().map(UidValidity::value).orElse(0L));
                }
            }
            return new AccountTree(account, version, lastChange, lastUidValidity, pending, rows);
        });
    }

    private static TreeRow treeRow(Row row) {
        MailboxPath path = MailboxPath.parse(row.getString("path"));
        if (row.isNull("mailbox_id")) {
            return TreeRow.noselect(path);
        }
        return TreeRow.mailbox(path, new MailboxId(row.getUuid("mailbox_id")), UidValidity.of(row.getLong("uid_validity")),
                Optional.ofNullable(row.getString("special_use")));
    }

    /** Random pauses that grow with the number of lost races, so racing writers stop colliding in step. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(Math.min(attempt, 20) * 5 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while changing a mailbox tree", e);
        }
    }
}
