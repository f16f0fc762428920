package io.mailfleet.delivery.local;

import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.store.mailbox.Delivery;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.MessageRepository.KeyedMessage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The deliveries of one worker instance's consumers into INBOXes, written one at a time per INBOX.
 * An instance's consumers handle their batches at once and most batches reach the same INBOXes: their
 * conditional changes of one INBOX raced, and every lost race was a Paxos round, a read of the state,
 * receipts and maps, and a pause, all over again. Here the copies that arrive for an INBOX while it is
 * being written wait and then go together in its next change, so the instance writes an INBOX once
 * per round trip instead of losing races to itself. Writers on other instances still race, and the
 * store's conditional change keeps that safe (invariants 2 and 4 of docs/architecture.md).
 *
 * <p>No thread of its own: the caller whose copies are first in an INBOX's queue writes them with
 * those that wait behind them, then hands the writing over to the first still waiting. Copies under
 * the same delivery key never share a change (the store takes distinct keys): the later ones wait
 * for the next change, which finds the receipt the earlier one wrote.
 */
public final class InboxWrites {

    /** One caller's copies for an INBOX, and how they ended. */
    private static final class Request {
        final List<KeyedMessage> copies;
        /** True: the caller writes, with whatever waits behind it; false: another caller wrote these copies. */
        final CompletableFuture<Boolean> turn = new CompletableFuture<>();
        List<Delivery> written;
        Throwable failure;

        Request(List<KeyedMessage> copies) {
            this.copies = copies;
        }

        List<Delivery> outcome() {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            return written;
        }
    }

    private final MessageRepository messages;
    /** The requests not written yet, by INBOX; an INBOX is present while one of its changes is being written. */
    private final Map<MailboxId, Deque<Request>> queues = new HashMap<>();

    public InboxWrites(MessageRepository messages) {
        this.messages = messages;
    }

    /**
     * {@link MessageRepository#deliverAll} of up to {@link MessageRepository#MAX_ATOMIC_APPEND} copies
     * with distinct delivery keys, possibly in one change with other callers' copies for the same INBOX.
     * Blocking; the outcomes are in the order of {@code copies}, and a failure of the change is thrown
     * to every caller whose copies it held, as the store threw it.
     */
    public List<Delivery> deliverAll(MailboxId inbox, List<KeyedMessage> copies) {
        if (copies.isEmpty() || copies.size() > MessageRepository.MAX_ATOMIC_APPEND) {
            throw new IllegalArgumentException("deliver 1 to " + MessageRepository.MAX_ATOMIC_APPEND
                    + " copies at once, not " + copies.size());
        }
        Request mine = new Request(List.copyOf(copies));
        boolean first;
        synchronized (this) {
            Deque<Request> queue = queues.get(inbox);
            first = queue == null;
            if (first) {
                queue = new ArrayDeque<>();
                queues.put(inbox, queue);
            }
            queue.addLast(mine);
        }
        if (first || mine.turn.join()) {
            write(inbox);
        }
        return mine.outcome();
    }

    /** Writes the requests at the head of the INBOX's queue, the caller's first among them, then hands over. */
    private void write(MailboxId inbox) {
        List<Request> group = takeGroup(inbox);
        List<KeyedMessage> all = new ArrayList<>();
        group.forEach(request -> all.addAll(request.copies));
        try {
            List<Delivery> written = messages.deliverAll(inbox, all);
            int offset = 0;
            for (Request request : group) {
                request.written = List.copyOf(written.subList(offset, offset + request.copies.size()));
                offset += request.copies.size();
            }
        } catch (RuntimeException | Error e) {
            group.forEach(request -> request.failure = e);
        } finally {
            handOver(inbox);
            // The writer is the group's first; the others learn that their copies are done.
            group.subList(1, group.size()).forEach(request -> request.turn.complete(false));
        }
    }

    /** The head of the queue and those after it that fit in one change with distinct keys, in order. */
    private synchronized List<Request> takeGroup(MailboxId inbox) {
        Deque<Request> queue = queues.get(inbox);
        List<Request> group = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        int size = 0;
        while (!queue.isEmpty()) {
            Request next = queue.peekFirst();
            boolean fits = size + next.copies.size() <= MessageRepository.MAX_ATOMIC_APPEND
                    && next.copies.stream().noneMatch(copy -> keys.contains(copy.deliveryKey()));
            if (!group.isEmpty() && !fits) {
                break;
            }
            queue.removeFirst();
            group.add(next);
            next.copies.forEach(copy -> keys.add(copy.deliveryKey()));
            size += next.copies.size();
        }
        return group;
    }

    /** The first request still waiting writes next; with none waiting, the INBOX is free. */
    private synchronized void handOver(MailboxId inbox) {
        Deque<Request> queue = queues.get(inbox);
        if (queue.isEmpty()) {
            queues.remove(inbox);
        } else {
            queue.peekFirst().turn.complete(true);
        }
    }
}
