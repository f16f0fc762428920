package io.mailfleet.store.cassandra;

import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An account's partition of {@code mailboxes} as read: its rows in clustering order and the tree's
 * static state, which every change is conditioned on.
 *
 * @param version         the tree_version the next change must find, null before the first change
 * @param lastChange      the id of the change that wrote {@code version}
 * @param lastUidValidity the largest UIDVALIDITY the account has given out
 */
record AccountTree(String account, Long version, UUID lastChange, long lastUidValidity, Set<UUID> pendingRemovals,
                   Map<MailboxPath, TreeRow> rows) {

    AccountTree {
        pendingRemovals = Set.copyOf(pendingRemovals);
        rows = new LinkedHashMap<>(rows);
    }

    Optional<TreeRow> row(MailboxPath path) {
        return Optional.ofNullable(rows.get(path));
    }

    boolean exists(MailboxPath path) {
        return rows.containsKey(path);
    }

    Collection<TreeRow> all() {
        return rows.values();
    }

    boolean hasChildren(MailboxPath path) {
        return rows.keySet().stream().anyMatch(path::isAncestorOf);
    }

    /** The row at {@code path} and every row below it. */
    List<TreeRow> subtree(MailboxPath path) {
        return rows.values().stream().filter(row -> row.path().equals(path) || path.isAncestorOf(row.path())).toList();
    }

    Optional<TreeRow> withId(MailboxId id) {
        return rows.values().stream().filter(row -> row.id().filter(id::equals).isPresent()).findFirst();
    }
}
