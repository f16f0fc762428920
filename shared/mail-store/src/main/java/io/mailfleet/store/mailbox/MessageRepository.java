package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * The messages of a mailbox. Every change is one atomic step that allocates the MODSEQ (and the UID
 * for appends), changes the message and moves the counters together, so that with any number of
 * concurrent writers UIDs are unique and strictly increasing, MODSEQs grow, and counters are exact.
 */
public interface MessageRepository {

    Appended append(MailboxId mailbox, NewMessage message);

    /**
     * Appends up to {@link #MAX_ATOMIC_APPEND} messages as one change, all or none (IMAP MULTIAPPEND,
     * imports): consecutive UIDs in list order, one MODSEQ for all of them.
     */
    List<Appended> appendAll(MailboxId mailbox, List<NewMessage> messages);

    /**
     * {@link #appendAll} of {@code count} messages that the caller is still making ready (storing their bodies and
     * what their rows refer to, parsing them) while the append reads what its change needs: the change is written
     * once {@code ready} gave them. When {@code ready} fails, nothing is appended and its failure is thrown.
     */
    List<Appended> appendAll(MailboxId mailbox, int count, CompletableFuture<List<NewMessage>> ready);

    int MAX_ATOMIC_APPEND = 50;

    /**
     * Appends the message unless one was delivered to this mailbox under {@code deliveryKey} before
     * (within {@link #RECEIPT_LIFETIME}). The receipt is written in the same atomic change as the
     * message, so a retried or redelivered delivery finds it and stores no second copy; it outlives
     * an expunge of the message. A mailbox that does not exist (deleted since it was looked up) is
     * never made again by it: it throws {@link NoSuchMailboxException} and writes nothing.
     */
    Delivery deliver(MailboxId mailbox, NewMessage message, String deliveryKey);

    /**
     * {@link #deliver} for up to {@link #MAX_ATOMIC_APPEND} messages with distinct keys, as one
     * change: those whose keys have no receipt yet get consecutive UIDs in list order and one
     * MODSEQ, with their receipts; the others are reported as their receipts say. A message with a
     * {@link FirstCopyClaim} whose digest the mailbox holds under another message within the window,
     * or that an earlier message of the list claims, is a retry of that message: it is not added
     * ({@link Delivery#retryOf}). The claims of the messages added are written by the same change,
     * so of two such messages delivered at once by two writers, one is added. The outcomes are in
     * the order of {@code deliveries}.
     */
    List<Delivery> deliverAll(MailboxId mailbox, List<KeyedMessage> deliveries);

    /** A message to deliver under its delivery key, with the claim of its client's octets if it has one. */
    record KeyedMessage(NewMessage message, String deliveryKey, Optional<FirstCopyClaim> claim) {

        /** A message without a client digest (not received over SMTP, or a copy within the store). */
        public KeyedMessage(NewMessage message, String deliveryKey) {
            this(message, deliveryKey, Optional.empty());
        }

        public KeyedMessage {
            Objects.requireNonNull(claim, "claim");
        }
    }

    /** The receipt of an earlier {@link #deliver} under this key, if there was one. */
    Optional<Delivery> findDelivery(MailboxId mailbox, String deliveryKey);

    /** Longer than any redelivery can come late: the event log's retention and the retry horizon. */
    java.time.Duration RECEIPT_LIFETIME = java.time.Duration.ofDays(30);

    /** The mailbox's messages in UID order. */
    List<StoredMessage> list(MailboxId mailbox);

    Optional<StoredMessage> find(MailboxId mailbox, Uid uid);

    /**
     * Applies {@code change} to the message's flags. Empty when the message does not exist; an
     * update that changes nothing allocates no MODSEQ.
     */
    Optional<FlagsChange> updateFlags(MailboxId mailbox, Uid uid, UnaryOperator<Flags> change);

    /**
     * Removes those of {@code uids} that exist, recording them in the expunge log under one new
     * MODSEQ; empty when none existed.
     */
    Optional<ModSeq> expunge(MailboxId mailbox, Collection<Uid> uids);

    /**
     * Removes those of {@code uids}, and of the UIDs from {@code andFrom} to the last one given out when
     * it is there, that are marked {@code \Deleted} when the change is made (IMAP EXPUNGE, UID EXPUNGE,
     * CLOSE): a message whose mark a concurrent change took off first stays. What it removed, each with
     * the MODSEQ of the change that removed it, in UID order (none when none was marked), and whether those
     * changes are all the mailbox had since it began.
     */
    ExpungeResult expungeDeleted(MailboxId mailbox, Collection<Uid> uids, Optional<Uid> andFrom);

    /** The expunge log after {@code since}, oldest first: what QRESYNC reports as VANISHED. */
    List<Expunged> expungedSince(MailboxId mailbox, ModSeq since);

    MailboxCounters counters(MailboxId mailbox);

    /**
     * The counters of each of {@code mailboxes}, read together rather than one after the other (an
     * account's usage for its quota); a mailbox with nothing stored yet counts nothing.
     */
    Map<MailboxId, MailboxCounters> counters(Collection<MailboxId> mailboxes);

    /**
     * Removes every message of a mailbox that left its account's tree, with its logs and state; the
     * blobs stay for the collector. Removing a mailbox that has nothing left does nothing.
     */
    void removeAll(MailboxId mailbox);

    /**
     * The counters and the UIDs of the mailbox, read in pages (SELECT, EXAMINE). First finishes any
     * MOVE out of this mailbox that an instance left half done, so that no message shows in two
     * mailboxes once the client looks.
     */
    MailboxSnapshot open(MailboxId mailbox);

    /**
     * {@link #open}, with the lowest UID of a message without {@code \Seen} among those the snapshot holds (the
     * UNSEEN of an IMAP4rev1 SELECT), read with the UIDs rather than after them.
     */
    SnapshotWithUnseen openWithFirstUnseen(MailboxId mailbox);

    /**
     * {@link #open} and the first page of the changes after {@code since} up to the highest MODSEQ it opens with, as
     * {@link #changesSince(MailboxId, ModSeq, ModSeq)} reads them (SELECT with QRESYNC): the logs are read while
     * the UIDs are, not after them.
     */
    ReopenedSince openSince(MailboxId mailbox, ModSeq since);

    /** The lowest UID of a message without {@code \Seen} (the UNSEEN of SELECT), read in pages until found. */
    Optional<Uid> firstUnseen(MailboxId mailbox);

    /** Up to {@code limit} messages with UIDs from {@code first} to {@code last}, in UID order: a page of a FETCH. */
    List<StoredMessage> range(MailboxId mailbox, Uid first, Uid last, int limit);

    /** Those of {@code uids} that exist, in UID order (a UID set of a FETCH, read in chunks). */
    List<StoredMessage> findAll(MailboxId mailbox, Collection<Uid> uids);

    /**
     * Those of {@code uids} that exist, with their MODSEQ and flags, in UID order: what a FETCH of
     * FLAGS, UID and MODSEQ needs, read without the message rows (read in chunks, as {@link #findAll}).
     */
    List<MessageFlags> flags(MailboxId mailbox, Collection<Uid> uids);

    /**
     * A page of what changed after {@code since}: messages appended or re-flagged (as they are now)
     * and UIDs expunged; or, when the logs were trimmed past {@code since}, the signal to resync.
     */
    ChangesSince changesSince(MailboxId mailbox, ModSeq since);

    /**
     * {@link #changesSince(MailboxId, ModSeq)} for a caller that read the mailbox's counters itself, whose highest
     * MODSEQ was {@code highest} (SELECT, from the snapshot it opens): the counters are not read again, and the page
     * reaches up to {@code highest} at most; changes made after it may be left out.
     */
    ChangesSince changesSince(MailboxId mailbox, ModSeq since, ModSeq highest);

    /**
     * Applies one flag change to the messages among {@code uids} (STORE). The set is cut into
     * chunks, each one atomic change; every message whose flags change gets a MODSEQ of its own,
     * growing in UID order. With {@code unchangedSince}, a message whose MODSEQ is above it is left
     * alone and reported (RFC 7162 §3.1.3).
     */
    StoreResult store(MailboxId mailbox, Collection<Uid> uids, FlagUpdate update, Optional<ModSeq> unchangedSince);

    /** Copies the messages among {@code uids} into {@code target} (same account): new UIDs, same flags, dates and blobs. */
    List<Copied> copy(MailboxId source, MailboxId target, Collection<Uid> uids);

    /**
     * Moves the messages among {@code uids} into {@code target}: a copy, then an expunge from the
     * source. A move cut short by a dying instance is finished by the next {@link #open} or
     * {@link #list} of the source, so that each message ends in exactly one of the two mailboxes.
     */
    List<Copied> move(MailboxId source, MailboxId target, Collection<Uid> uids);

    /** Up to {@code limit} messages from {@code first} to {@code last} with what SEARCH tests of them, without the blobs. */
    List<SearchFacts> searchFacts(MailboxId mailbox, Uid first, Uid last, int limit);

    /**
     * The messages from {@code first} to {@code last} with what SORT compares of them (RFC 5256): size, internal
     * date and the sort keys their rows keep, in UID order, without their contents or blobs.
     */
    List<SortFacts> sortFacts(MailboxId mailbox, Uid first, Uid last);

    /**
     * Those of the ascending {@code uids} that are in the mailbox with what SORT by DATE, ARRIVAL and SIZE compares of
     * them, in UID order: from the mailbox's sort date blocks, a row per 4,096 UIDs, and the rows of only the messages
     * the blocks lack. May name messages expunged since their dates were kept, which the caller's view still holds;
     * never lacks one of {@code uids} that is there.
     */
    List<DateFacts> dateFacts(MailboxId mailbox, long[] uids);

    /**
     * {@link #sortFacts} with the threading facts the rows keep ({@link SortFields#thread}), read with the sort keys:
     * what THREAD reads (RFC 5256). A row written before rows kept threading facts has none.
     */
    List<SortFacts> threadFacts(MailboxId mailbox, Uid first, Uid last);

    /**
     * Up to {@code limit} messages from {@code first} to {@code last} with the signatures of their search
     * texts: a slice of the mailbox's rows alone, so that a BODY search reads the content and the text only of
     * the messages it cannot rule out.
     */
    List<SearchRow> searchRows(MailboxId mailbox, Uid first, Uid last, int limit);

    /**
     * Every message from {@code first} to {@code last} with the signature of its search text, as {@link #searchRows},
     * read without waiting for it: a failure to reach the store completes it exceptionally with
     * {@link io.mailfleet.store.StoreUnavailableException}.
     */
    CompletableFuture<List<SearchRow>> searchRowsAsync(MailboxId mailbox, Uid first, Uid last);

    /**
     * Every message from {@code first} to {@code last} as {@link #searchRowsAsync} reads it, but only its UID, blob key,
     * size and text signature: what a search whose key tests nothing else of the row needs, at a fraction of the
     * decoding.
     */
    CompletableFuture<List<TextRow>> textRowsAsync(MailboxId mailbox, Uid first, Uid last);
}
