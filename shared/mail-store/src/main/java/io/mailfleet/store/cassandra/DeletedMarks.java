package io.mailfleet.store.cassandra;

import io.mailfleet.model.mailbox.MailboxId;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongPredicate;

/**
 * The messages this process marked {@code \Deleted} lately, by mailbox: those an EXPUNGE is likely to remove, as a
 * client marks messages and then expunges them. The expunge reads their rows with the flag blocks that say which
 * messages are marked, in one read, rather than reading the rows of the marked ones after that read. Only a guess:
 * the flag blocks decide, and a marked message the guess left out has its row read after them.
 */
final class DeletedMarks {

    /** Mailboxes remembered, as {@link NextUids} remembers them. */
    private static final int REMEMBERED_MAILBOXES = 10_000;
    /** UIDs remembered per mailbox, the latest kept: an expunge of more reads their rows after the flag blocks. */
    static final int REMEMBERED_UIDS = 64;

    /** The least recently marked mailbox forgotten first. */
    private final Map<MailboxId, TreeSet<Long>> marked = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<MailboxId, TreeSet<Long>> eldest) {
            return size() > REMEMBERED_MAILBOXES;
        }
    };

    /** Remembers that ascending {@code uids} were marked; beyond {@link #REMEMBERED_UIDS} in a mailbox, the lowest are forgotten. */
    synchronized void marked(MailboxId mailbox, List<Long> uids) {
        if (uids.isEmpty()) {
            return;
        }
        TreeSet<Long> uidsOf = marked.computeIfAbsent(mailbox, ignored -> new TreeSet<>());
        uidsOf.addAll(uids.subList(Math.max(0, uids.size() - REMEMBERED_UIDS), uids.size()));
        while (uidsOf.size() > REMEMBERED_UIDS) {
            uidsOf.pollFirst();
        }
    }

    /** Forgets {@code uids}: unmarked, or expunged. */
    synchronized void forget(MailboxId mailbox, Collection<Long> uids) {
        TreeSet<Long> uidsOf = marked.get(mailbox);
        if (uidsOf == null) {
            return;
        }
        uidsOf.removeAll(uids);
        if (uidsOf.isEmpty()) {
            marked.remove(mailbox);
        }
    }

    /** The remembered UIDs of the mailbox that {@code among} accepts, ascending. */
    synchronized List<Long> among(MailboxId mailbox, LongPredicate among) {
        TreeSet<Long> uidsOf = marked.get(mailbox);
        return uidsOf == null ? List.of() : uidsOf.stream().filter(among::test).toList();
    }
}
