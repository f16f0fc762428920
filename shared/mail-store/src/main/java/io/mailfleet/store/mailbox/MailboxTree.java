package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.MailboxPath;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An account's mailbox names at one moment, with the facts LIST and LSUB report (RFC 9051 §7.3.1):
 * whether a name is selectable or only {@code \Noselect}, whether a name has children
 * ({@code \HasChildren} / {@code \HasNoChildren}), and which names are subscribed, including names
 * that do not exist ({@code \NonExistent}). Child information is computed once for the whole tree, so
 * each question costs a hash lookup.
 */
public final class MailboxTree {

    /** A name of the tree: a selectable mailbox, or a {@code \Noselect} name when {@code mailbox} is empty. */
    public record Name(MailboxPath path, Optional<Mailbox> mailbox) {
    }

    private final List<Name> names;
    private final Set<MailboxPath> existing = new HashSet<>();
    private final Set<MailboxPath> parents = new HashSet<>();
    private final Set<MailboxPath> subscriptions;

    /** {@code names} in the order LIST should show them. */
    public MailboxTree(List<Name> names, Set<MailboxPath> subscriptions) {
        this.names = List.copyOf(names);
        this.subscriptions = Set.copyOf(subscriptions);
        for (Name name : names) {
            existing.add(name.path());
            for (Optional<MailboxPath> up = name.path().parent(); up.isPresent(); up = up.get().parent()) {
                parents.add(up.get());
            }
        }
    }

    /** Every existing name, selectable or {@code \Noselect}. */
    public List<Name> names() {
        return names;
    }

    public boolean exists(MailboxPath path) {
        return existing.contains(path);
    }

    /** True when some existing name lies below {@code path}, which itself need not exist. */
    public boolean hasChildren(MailboxPath path) {
        return parents.contains(path);
    }

    public boolean subscribed(MailboxPath path) {
        return subscriptions.contains(path);
    }

    /** The subscribed names; those for which {@link #exists} is false are {@code \NonExistent}. */
    public Set<MailboxPath> subscriptions() {
        return subscriptions;
    }
}
