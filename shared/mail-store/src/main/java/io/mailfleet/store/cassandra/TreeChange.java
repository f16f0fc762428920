package io.mailfleet.store.cassandra;

import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.UidValidity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The rows one change of an account's tree writes, planned against the tree as read and written as
 * one conditional batch. Each path is written at most once (a row put, or removed when empty): a
 * delete and an insert of one row in a batch share a timestamp, and the delete would win.
 */
final class TreeChange {

    final UUID id = UUID.randomUUID();
    private final AccountTree base;
    private final long now;
    private long lastUidValidity;
    private final Map<MailboxPath, Optional<TreeRow>> writes = new LinkedHashMap<>();
    private final List<TreeRow> created = new ArrayList<>();
    private final Set<MailboxId> removed = new LinkedHashSet<>();

    /** @param nowSeconds the clock, the least UIDVALIDITY a new mailbox gets */
    TreeChange(AccountTree base, long nowSeconds) {
        this.base = base;
        this.now = nowSeconds;
        this.lastUidValidity = base.lastUidValidity();
    }

    /**
     * A new, empty mailbox. Its UIDVALIDITY is the larger of the clock in seconds and one more than the
     * account's last, so values grow within a second and across deletions and re-creations of a name,
     * and stay above those given from the clock alone before this scheme.
     */
    TreeRow createMailbox(MailboxPath path, Optional<String> specialUse) {
        lastUidValidity = Math.max(now, lastUidValidity + 1);
        TreeRow row = TreeRow.mailbox(path, MailboxId.random(), UidValidity.of(lastUidValidity), specialUse);
        created.add(row);
        put(row);
        return row;
    }

    /** Creates every ancestor of {@code path} that neither exists nor is written by this change. */
    void createMissingParents(MailboxPath path) {
        List<MailboxPath> missing = new ArrayList<>();
        for (Optional<MailboxPath> up = path.parent(); up.isPresent(); up = up.get().parent()) {
            if (!willExist(up.get())) {
                missing.add(0, up.get());
            }
        }
        missing.forEach(parent -> createMailbox(parent, Optional.empty()));
    }

    void put(TreeRow row) {
        writes.put(row.path(), Optional.of(row));
    }

    void remove(MailboxPath path) {
        writes.putIfAbsent(path, Optional.empty());
    }

    /** The mailbox leaves the tree: its messages are removed once the change is in. */
    void discardMessagesOf(MailboxId id) {
        removed.add(id);
    }

    /**
     * Removes the {@code \Noselect} ancestors of {@code path} left without children by this change: such
     * a name exists only to hold the names below it.
     */
    void pruneEmptyParents(MailboxPath path) {
        for (Optional<MailboxPath> up = path.parent(); up.isPresent(); up = up.get().parent()) {
            MailboxPath parent = up.get();
            boolean noselect = willExist(parent) && writes.getOrDefault(parent, base.row(parent)).filter(TreeRow::selectable).isEmpty();
            if (!noselect || willHaveChildren(parent)) {
                return;
            }
            remove(parent);
        }
    }

    private boolean willHaveChildren(MailboxPath path) {
        return base.all().stream().map(TreeRow::path).filter(path::isAncestorOf).anyMatch(this::willExist)
                || writes.entrySet().stream().anyMatch(write -> write.getValue().isPresent() && path.isAncestorOf(write.getKey()));
    }

    /** Whether the name exists after this change. */
    boolean willExist(MailboxPath path) {
        Optional<TreeRow> written = writes.get(path);
        return written != null ? written.isPresent() : base.exists(path);
    }

    AccountTree base() {
        return base;
    }

    long lastUidValidity() {
        return lastUidValidity;
    }

    Map<MailboxPath, Optional<TreeRow>> writes() {
        return writes;
    }

    /** The mailboxes this change makes, whose dependent rows are written before the change. */
    List<TreeRow> created() {
        return created;
    }

    Set<MailboxId> removed() {
        return removed;
    }

    /** The mailboxes that keep their id under a new name. */
    List<TreeRow> moved() {
        return writes.values().stream().flatMap(Optional::stream)
                .filter(row -> !created.contains(row) && row.id().isPresent())
                .filter(row -> base.row(row.path()).flatMap(TreeRow::id).filter(row.id().get()::equals).isEmpty())
                .toList();
    }
}
