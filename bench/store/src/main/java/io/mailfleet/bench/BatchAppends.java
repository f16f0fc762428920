package io.mailfleet.bench;

import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.NewMessage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Fills a mailbox through the store's batch append, {@link MessageRepository#MAX_ATOMIC_APPEND} messages per
 * change as delivery writes them: consecutive UIDs in the order given, with their flag blocks, UID map and
 * counters moved in the same change.
 */
final class BatchAppends {

    private BatchAppends() {
    }

    /** Appends every message {@code next} yields, in order; returns how many. */
    static long appendAll(MessageRepository messages, MailboxId mailbox, Iterator<NewMessage> next) {
        long appended = 0;
        List<NewMessage> chunk = new ArrayList<>(MessageRepository.MAX_ATOMIC_APPEND);
        while (next.hasNext()) {
            chunk.add(next.next());
            if (chunk.size() == MessageRepository.MAX_ATOMIC_APPEND || !next.hasNext()) {
                appended += messages.appendAll(mailbox, chunk).size();
                chunk.clear();
            }
        }
        return appended;
    }
}
