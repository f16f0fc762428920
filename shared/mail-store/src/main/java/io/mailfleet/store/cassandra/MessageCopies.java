package io.mailfleet.store.cassandra;

import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.BlobPins;
import io.mailfleet.store.mailbox.Appended;
import io.mailfleet.store.mailbox.Copied;
import io.mailfleet.store.mailbox.Delivery;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.store.mailbox.StoredMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.mailfleet.store.cassandra.ConditionalChanges.chunks;
import static io.mailfleet.store.cassandra.ConditionalChanges.sortedDistinct;
import static io.mailfleet.store.mailbox.MessageRepository.MAX_ATOMIC_APPEND;

/**
 * COPY and MOVE within an account, chunk by chunk, each chunk one append to the target. A copy
 * makes new references to blobs, so it pins them first, as every writer must (see
 * {@link BlobCollector}), and then reads its messages again: one that is still in the source
 * after the pin kept its blob referenced all along, and the pin keeps it until the copy refers to it.
 */
final class MessageCopies {

    private final MessageReads reads;
    private final MessageAppends appends;
    private final Expunges expunges;
    private final MessageMoves moves;
    private final BlobPins pins;
    private final MessageStoreSettings settings;

    MessageCopies(MessageReads reads, MessageAppends appends, Expunges expunges, MessageMoves moves, BlobPins pins,
                  MessageStoreSettings settings) {
        this.reads = reads;
        this.appends = appends;
        this.expunges = expunges;
        this.moves = moves;
        this.pins = pins;
        this.settings = settings;
    }

    List<Copied> copy(MailboxId source, MailboxId target, Collection<Uid> uids) {
        List<Copied> copied = new ArrayList<>();
        for (List<Long> chunk : chunks(sortedDistinct(uids), MAX_ATOMIC_APPEND)) {
            List<StoredMessage> originals = pinned(source, chunk);
            if (originals.isEmpty()) {
                continue;
            }
            List<Appended> copies = appends.appendAll(target, originals.stream().map(MessageCopies::copyOf).toList());
            for (int i = 0; i < originals.size(); i++) {
                copied.add(copied(originals.get(i), copies.get(i).uid(), copies.get(i).modSeq()));
            }
        }
        return copied;
    }

    /**
     * A move runs chunk by chunk, each in four steps that are each safe to repeat: (1) an intent
     * row names the chunk; (2) the messages are copied into the target with receipts keyed by the
     * source mailbox and UID; (3) they are expunged from the source; (4) the intent is removed.
     * An instance that dies after (1) leaves the intent; the next open or list of the source repeats
     * (2) to (4): the receipts stop a second copy of what was copied, and the expunge removes what
     * is left. A move that fails after (2) leaves the message in the source, and the client's new
     * MOVE of it to the same target (a new intent) finds the same receipt: one copy, whoever finishes
     * (unless that copy was expunged from the target meanwhile: then it is copied again). Before (3)
     * the message is only in the source as far as any client of the source can tell; once a move
     * returns, it is only in the target.
     *
     * @param afterEachStep runs after each step: where a test kills the process
     */
    List<Copied> move(MailboxId source, MailboxId target, Collection<Uid> uids, Runnable afterEachStep) {
        List<Copied> moved = new ArrayList<>();
        for (List<Long> chunk : chunks(sortedDistinct(uids), MAX_ATOMIC_APPEND)) {
            MessageMoves.Intent intent = moves.record(source, target, chunk);
            afterEachStep.run();
            moved.addAll(copyMoved(intent));
            afterEachStep.run();
            expungeMoved(intent);
            afterEachStep.run();
            moves.resolve(intent);
            afterEachStep.run();
        }
        return moved;
    }

    /** Finishes those of {@code pending} (the intents of moves out of one mailbox) left unfinished for longer than a live move takes; whether there was one. */
    boolean resume(List<MessageMoves.Intent> pending) {
        Instant startedBefore = Instant.now().minus(settings.moveResumeAfter());
        boolean resumed = false;
        for (MessageMoves.Intent intent : pending) {
            if (!intent.startedAt().isAfter(startedBefore)) {
                copyMoved(intent);
                expungeMoved(intent);
                moves.resolve(intent);
                resumed = true;
            }
        }
        return resumed;
    }

    /** Step 2 of a move chunk: copies what is still in the source, each once whatever the repeats. */
    private List<Copied> copyMoved(MessageMoves.Intent intent) {
        List<StoredMessage> originals = pinned(intent.source(), intent.uids());
        if (originals.isEmpty()) {
            return List.of();
        }
        List<Delivery> copies = appends.deliverAll(intent.target(), originals.stream().map(MessageCopies::copyOf).toList(),
                originals.stream().map(m -> intent.receiptKey(m.uid().value())).toList());
        List<Delivery> placed = new ArrayList<>(copies);
        recopyExpunged(intent.target(), originals, copies, placed);
        List<Copied> copied = new ArrayList<>(originals.size());
        for (int i = 0; i < originals.size(); i++) {
            copied.add(copied(originals.get(i), placed.get(i).uid(), placed.get(i).modSeq()));
        }
        return copied;
    }

    /**
     * A copy that a receipt names may have been expunged from the target since it was made: a client
     * sees it there as soon as the failed move wrote it. Such messages are copied again, or the
     * source's expunge that follows would leave them in no mailbox at all.
     */
    private void recopyExpunged(MailboxId target, List<StoredMessage> originals, List<Delivery> copies, List<Delivery> placed) {
        List<Integer> earlier = IntStream.range(0, copies.size()).filter(i -> !copies.get(i).firstTime()).boxed().toList();
        if (earlier.isEmpty()) {
            return;
        }
        Set<Uid> present = reads.chunk(target, earlier.stream().map(i -> copies.get(i).uid().value()).sorted().toList())
                .stream().map(StoredMessage::uid).collect(Collectors.toSet());
        List<Integer> gone = earlier.stream().filter(i -> !present.contains(copies.get(i).uid())).toList();
        if (gone.isEmpty()) {
            return;
        }
        List<Appended> again = appends.appendAll(target, gone.stream().map(i -> copyOf(originals.get(i))).toList());
        for (int n = 0; n < gone.size(); n++) {
            placed.set(gone.get(n), new Delivery(again.get(n).uid(), again.get(n).modSeq(), true));
        }
    }

    /** Step 3 of a move chunk. */
    private void expungeMoved(MessageMoves.Intent intent) {
        expunges.expunge(intent.source(), intent.uids().stream().map(Uid::of).toList());
    }

    /**
     * The messages among ascending {@code uids} still in {@code source} once their blobs are pinned, with their
     * sort keys and text signatures for the copies to keep.
     * A message expunged before the pin may have been its blob's last reference, which a collector
     * could have seen gone, so only what the read after the pin finds is copied.
     */
    private List<StoredMessage> pinned(MailboxId source, List<Long> uids) {
        List<StoredMessage> found = reads.chunk(source, uids);
        if (found.isEmpty()) {
            return found;
        }
        found.stream().map(StoredMessage::blobKey).distinct().forEach(key -> pins.pin(new BlobKey(key)));
        return reads.chunkToCopy(source, found.stream().map(m -> m.uid().value()).toList());
    }

    private static Copied copied(StoredMessage original, Uid target, ModSeq modSeq) {
        return new Copied(original.uid(), target, modSeq, original.flags(), original.messageId(), original.size());
    }

    private static NewMessage copyOf(StoredMessage message) {
        return new NewMessage(message.messageId(), message.blobKey(), message.size(), message.internalDate(), message.flags(),
                message.sortFields(), message.textSignature());
    }
}
