package io.mailfleet.delivery.local;

import com.github.benmanes.caffeine.cache.Ticker;
import io.mailfleet.delivery.ParallelCalls;
import io.mailfleet.delivery.PendingAcks;
import io.mailfleet.events.EventPublisher;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.DirectoryChanged;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.model.event.MessageAdded;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.mime.TextSignature;
import io.mailfleet.quarkus.content.ContentIndexer;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.account.AccountRepository;
import io.mailfleet.store.account.RememberedAnswers;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.BlobStore;
import io.mailfleet.store.mailbox.Delivery;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.MailboxCounters;
import io.mailfleet.store.mailbox.MailboxRepository;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.MessageContentRepository;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.MessageRepository.KeyedMessage;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.store.mailbox.NoSuchMailboxException;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Stores messages in accounts' INBOXes once each: the delivery key (message id plus account) is
 * recorded with the message in one atomic change, so a redelivered event finds the receipt and
 * writes nothing; so is the claim of the client's octets ({@link LocalCopy#claim}), so a client's
 * retry under another message id finds the first attempt's copy and writes nothing either. A batch's copies are grouped by INBOX and each INBOX gets them in one change per
 * chunk, shared with the copies other batches of this instance have for it at the time ({@link InboxWrites}). The parsed contents are stored before the message rows that point at them, and a
 * {@code MessageAdded} event is published right after each chunk's rows, also for a message found already
 * delivered: a crash between the write and the publish must not lose the event (readers take it
 * twice). The caller waits for those publishes before its events count as handled.
 *
 * <p>An account with its INBOX, read for every copy, is remembered for a while ({@link #forget} drops it
 * when admin-api changes the account). A remembered INBOX whose account was deleted meanwhile is no
 * loss: the store refuses to write into a deleted mailbox, and the account is then read again, so its
 * mail bounces. Only the quota's limit is remembered; what the account uses is read at every batch.
 */
public final class LocalDelivery {

    private record Target(Account account, Mailbox inbox) {
    }

    private final AccountRepository accounts;
    private final MailboxRepository mailboxes;
    private final MessageRepository messages;
    private final MessageContentRepository contents;
    private final BlobStore blobs;
    private final EventPublisher events;
    private final Executor reads;
    /** Shared by every batch this instance handles at once: their copies for one INBOX take turns and share changes. */
    private final InboxWrites inboxWrites;
    private final ContentIndexer indexer = new ContentIndexer();
    /** Existing accounts with their INBOXes, by the account's lookup key. */
    private final RememberedAnswers<Target> knownTargets;

    /**
     * @param reads runs a batch's independent reads (counters, bodies to parse) at once
     * @param rememberFor how long an account with its INBOX is used without reading it again; 0 reads it every time
     */
    public LocalDelivery(AccountRepository accounts, MailboxRepository mailboxes, MessageRepository messages,
                         MessageContentRepository contents, BlobStore blobs, EventPublisher events, Executor reads,
                         Duration rememberFor) {
        this.accounts = accounts;
        this.mailboxes = mailboxes;
        this.messages = messages;
        this.contents = contents;
        this.blobs = blobs;
        this.events = events;
        this.reads = reads;
        this.inboxWrites = new InboxWrites(messages);
        this.knownTargets = new RememberedAnswers<>(rememberFor, 100_000, Ticker.systemTicker());
    }

    /** Forgets the accounts a change of the directory (admin-api's {@link DirectoryChanged}) made stale. */
    public void forget(DirectoryChanged change) {
        knownTargets.forget(change);
    }

    /**
     * A batch's delivery of messages whose bodies are {@code blobKeys}: their stored contents are read at once, in
     * one request; what else it will need is looked up as soon as {@link Batch#prepare} learns of it. A message whose
     * event carries its content's facts needs no read: the caller leaves its body out of {@code blobKeys}.
     */
    public Batch begin(Collection<String> blobKeys) {
        return new Batch(blobKeys);
    }

    /**
     * The copies of one batch. The routing names each copy to {@link #prepare} as soon as it knows
     * of it, and the copy's INBOX is looked up and its body's content stored meanwhile, while the
     * routing still claims the message's destinations: those lookups and writes change nothing a
     * reader sees (an INBOX made for an existing account, the content of a stored body), so they may
     * also be done for a copy the claims then drop. Thread-safe: routings of several messages prepare at once.
     */
    public final class Batch {

        private final Map<MailAddress, CompletableFuture<Optional<Target>>> targets = new ConcurrentHashMap<>();
        /** The contents of the blob keys the batch began with, as stored before it began: one read for all. */
        private final CompletableFuture<Map<String, MessageContent>> contentsFound;
        private final Set<String> contentsAsked;
        private final Map<String, CompletableFuture<RowContent>> contentsStored = new ConcurrentHashMap<>();

        private Batch(Collection<String> blobKeys) {
            contentsAsked = Set.copyOf(blobKeys);
            contentsFound = contentsAsked.isEmpty() ? CompletableFuture.completedFuture(Map.of())
                    : ParallelCalls.startAfter(List.of(), reads, contentsAsked, contents::findSigned);
        }

        /**
         * Starts looking up the copy's INBOX and storing its body's content, unless the batch already did; a content
         * smtp-ingress stored is there, and its event says what the rows keep of it.
         */
        public void prepare(LocalCopy copy) {
            targets.computeIfAbsent(copy.account(), account -> ParallelCalls.startAfter(List.of(), reads, account,
                    LocalDelivery.this::target));
            contentsStored.computeIfAbsent(copy.mail().blobKey(), blobKey -> copy.mail().content()
                    .map(facts -> CompletableFuture.completedFuture(RowContent.of(facts)))
                    .orElseGet(() -> ParallelCalls.startAfter(List.of(contentsFound), reads, blobKey,
                            key -> RowContent.of(storedContent(key, found(key))))));
        }

        /**
         * The content stored for the body before the batch read it. A body the batch did not begin with has its
         * content read on its own: whether a recipient's domain is hosted here was asked again while routing,
         * and a domain that became hosted since the batch began makes a copy of a body it did not ask for.
         */
        private Optional<MessageContent> found(String blobKey) {
            Map<String, MessageContent> read = contentsAsked.contains(blobKey) ? contentsFound.join()
                    : contents.findSigned(List.of(blobKey));
            return Optional.ofNullable(read.get(blobKey));
        }

        /**
         * Blocking. The outcomes are in the order of {@code copies}, each of which was prepared; a copy
         * repeated in the batch (same message, same account) is stored once, and the repeat reported
         * already delivered (or over quota, as the first was). Store failures surface as exceptions, and
         * the caller retries the whole batch: what was stored is found by its receipt then.
         */
        public List<LocalOutcome> deliverAll(List<LocalCopy> copies, PendingAcks published) throws IOException {
            List<MailAddress> accounts = copies.stream().map(LocalCopy::account).distinct().toList();
            List<CompletableFuture<Optional<Target>>> lookups = accounts.stream().map(targets::get).toList();
            ParallelCalls.awaitAll(lookups);
            Map<MailAddress, Optional<Target>> found = new HashMap<>();
            for (int i = 0; i < accounts.size(); i++) {
                found.put(accounts.get(i), lookups.get(i).join());
            }
            return LocalDelivery.this.deliverAll(copies, found, contentsStored, published);
        }

        /**
         * Waits until nothing the batch started still runs against the store, whatever its outcome:
         * a batch retried after a failure must not race its own earlier calls.
         */
        public void settle() {
            List<CompletableFuture<?>> started = new ArrayList<>(targets.values());
            started.add(contentsFound);
            started.addAll(contentsStored.values());
            started.forEach(call -> call.handle((result, failure) -> null).join());
        }
    }

    private List<LocalOutcome> deliverAll(List<LocalCopy> copies, Map<MailAddress, Optional<Target>> targets,
                                          Map<String, CompletableFuture<RowContent>> contentsStored, PendingAcks published)
            throws IOException {
        LocalOutcome[] outcomes = new LocalOutcome[copies.size()];
        Map<String, Integer> firstByKey = new HashMap<>();
        Map<Integer, Integer> repeats = new HashMap<>();
        Map<MailboxId, List<Integer>> byInbox = new LinkedHashMap<>();
        Map<String, Long> usedBytes = quotaUsage(targets.values());
        for (int i = 0; i < copies.size(); i++) {
            LocalCopy copy = copies.get(i);
            Optional<Target> target = targets.get(copy.account());
            Integer first = target.isEmpty() ? null : firstByKey.putIfAbsent(deliveryKey(copy.mail(), target.get()), i);
            if (target.isEmpty()) {
                outcomes[i] = LocalOutcome.NO_SUCH_ACCOUNT;
            } else if (first != null) {
                repeats.put(i, first);
            } else if (overQuota(target.get(), copy.mail(), usedBytes)) {
                outcomes[i] = LocalOutcome.OVER_QUOTA;
            } else {
                byInbox.computeIfAbsent(target.get().inbox().id(), id -> new ArrayList<>()).add(i);
            }
        }
        // Each INBOX is written once the contents of its own messages are stored, and its MessageAdded
        // events leave right after its write: an IDLE session waits for its own message, not for the
        // slowest body or INBOX of the batch. INBOXes are written at once, each one's chunks in turn:
        // they would only contend for its state.
        List<List<Integer>> inboxes = List.copyOf(byInbox.values());
        List<CompletableFuture<List<LocalOutcome>>> writes = new ArrayList<>(inboxes.size());
        for (List<Integer> inboxCopies : inboxes) {
            List<CompletableFuture<RowContent>> itsContents = inboxCopies.stream()
                    .map(i -> contentsStored.get(copies.get(i).mail().blobKey())).distinct().toList();
            writes.add(ParallelCalls.startAfter(itsContents, reads, inboxCopies,
                    each -> deliverToInbox(copies, targets, each, contentsStored, published)));
        }
        List<CompletableFuture<?>> everything = new ArrayList<>(contentsStored.values());
        everything.addAll(writes);
        ParallelCalls.awaitAll(everything);
        for (int n = 0; n < inboxes.size(); n++) {
            List<Integer> inboxCopies = inboxes.get(n);
            List<LocalOutcome> delivered = writes.get(n).join();
            for (int k = 0; k < inboxCopies.size(); k++) {
                outcomes[inboxCopies.get(k)] = delivered.get(k);
            }
        }
        // A repeat was stored, or deferred, with its first occurrence.
        repeats.forEach((repeat, first) -> outcomes[repeat] = outcomes[first] == LocalOutcome.DELIVERED
                ? LocalOutcome.ALREADY_DELIVERED : outcomes[first]);
        return List.of(outcomes);
    }

    private static LocalOutcome outcome(Delivery delivery) {
        if (delivery.firstTime()) {
            return LocalOutcome.DELIVERED;
        }
        return delivery.retryOf().isPresent() ? LocalOutcome.CLIENT_RETRY : LocalOutcome.ALREADY_DELIVERED;
    }

    /**
     * The copies for one INBOX, in chunks of one conditional change each, each chunk's MessageAdded
     * events published as soon as it is written; their outcomes in order. Each row keeps its message's sort
     * keys and the content's text signature ({@code contents}, by blob key, each stored by now). When the store
     * finds the INBOX deleted, the account is read again: gone, its copies are
     * {@link LocalOutcome#NO_SUCH_ACCOUNT}; there with another INBOX, they go into that one.
     */
    private List<LocalOutcome> deliverToInbox(List<LocalCopy> copies, Map<MailAddress, Optional<Target>> targets,
                                              List<Integer> inboxCopies, Map<String, CompletableFuture<RowContent>> contents,
                                              PendingAcks published) throws IOException {
        MailAddress account = copies.get(inboxCopies.get(0)).account();
        Target target = targets.get(account).orElseThrow();
        List<NewMessage> rows = new ArrayList<>(inboxCopies.size());
        for (int i : inboxCopies) {
            MailAccepted mail = copies.get(i).mail();
            RowContent content = contents.get(mail.blobKey()).join();
            rows.add(new NewMessage(mail.toMessageId(), mail.blobKey(), mail.size(), mail.receivedAt(),
                    Flags.EMPTY, content.sortFields().apply(mail.receivedAt()), content.signature()));
        }
        List<LocalOutcome> outcomes = new ArrayList<>(rows.size());
        int from = 0;
        while (from < rows.size()) {
            int to = Math.min(rows.size(), from + MessageRepository.MAX_ATOMIC_APPEND);
            List<KeyedMessage> chunk = new ArrayList<>(to - from);
            for (int k = from; k < to; k++) {
                LocalCopy copy = copies.get(inboxCopies.get(k));
                chunk.add(new KeyedMessage(rows.get(k), deliveryKey(copy.mail(), target), copy.claim()));
            }
            List<Delivery> written;
            try {
                written = inboxWrites.deliverAll(target.inbox().id(), chunk);
            } catch (NoSuchMailboxException gone) {
                Optional<Target> now = lookedUpAgain(account, gone);
                if (now.isEmpty()) {
                    outcomes.addAll(Collections.nCopies(rows.size() - from, LocalOutcome.NO_SUCH_ACCOUNT));
                    return outcomes;
                }
                target = now.get();
                continue;
            }
            for (int k = 0; k < written.size(); k++) {
                // A client's retry added nothing: the message it repeats had its own event.
                if (written.get(k).retryOf().isEmpty()) {
                    MailAccepted mail = copies.get(inboxCopies.get(from + k)).mail();
                    published.add(events.publish(messageAdded(target, mail, written.get(k))), "MessageAdded");
                }
                outcomes.add(outcome(written.get(k)));
            }
            from = to;
        }
        return outcomes;
    }

    /**
     * The account read afresh after the store found its INBOX gone: deleted, or (the INBOX renamed away)
     * with a new INBOX. The INBOX found gone again is a store that contradicts itself: a failure to retry.
     */
    private Optional<Target> lookedUpAgain(MailAddress account, NoSuchMailboxException gone) {
        knownTargets.forget(account.lookupKey());
        Optional<Target> now = target(account);
        if (now.isPresent() && now.get().inbox().id().equals(gone.mailbox())) {
            throw gone;
        }
        return now;
    }

    private static MessageAdded messageAdded(Target target, MailAccepted mail, Delivery delivery) {
        Mailbox inbox = target.inbox();
        return new MessageAdded(MessageAdded.CURRENT_VERSION, target.account().key(), inbox.id().toString(), inbox.path().toString(),
                delivery.uid().value(), delivery.modSeq().value(), Flags.EMPTY.asStrings(), mail.messageId(), mail.size());
    }

    /** The account with its INBOX (made if missing), remembered or read; empty if the account does not exist. */
    private Optional<Target> target(MailAddress address) {
        String key = address.lookupKey();
        Optional<Target> known = knownTargets.remembered(key);
        if (known.isPresent()) {
            return known;
        }
        Optional<Target> found = accounts.find(address).map(account -> {
            Mailbox inbox = mailboxes.find(account.key(), MailboxPath.INBOX)
                    .orElseGet(() -> mailboxes.create(account.key(), MailboxPath.INBOX, Optional.empty()).mailbox());
            return new Target(account, inbox);
        });
        found.ifPresent(target -> knownTargets.remember(key, target));
        return found;
    }

    /**
     * What the batch's accounts with a quota use now, by account key: the sum of the exact counters of
     * their mailboxes, the trees listed at once and all their counters read in one batched call. The batch then adds what it stores, so a quota is a bound kept
     * within the batch; two batches racing for the last room can both pass, it is not kept to the octet.
     */
    private Map<String, Long> quotaUsage(Iterable<Optional<Target>> targets) throws IOException {
        List<String> limited = new ArrayList<>();
        for (Optional<Target> target : targets) {
            target.filter(t -> t.account().quotaBytes().isPresent()).ifPresent(t -> limited.add(t.account().key()));
        }
        List<List<Mailbox>> trees = ParallelCalls.map(reads, limited, mailboxes::list);
        // One batched read for the counters of every mailbox of the batch, not one read per mailbox.
        Map<MailboxId, MailboxCounters> counters = messages.counters(trees.stream().flatMap(List::stream).map(Mailbox::id).toList());
        Map<String, Long> usage = new HashMap<>();
        for (int i = 0; i < limited.size(); i++) {
            usage.put(limited.get(i), trees.get(i).stream().mapToLong(mailbox -> counters.get(mailbox.id()).bytes()).sum());
        }
        return usage;
    }

    /** A copy delivered before never counts against the quota again, so a redelivered event is not deferred. */
    private boolean overQuota(Target target, MailAccepted mail, Map<String, Long> usedBytes) {
        if (target.account().quotaBytes().isEmpty()
                || messages.findDelivery(target.inbox().id(), deliveryKey(mail, target)).isPresent()) {
            return false;
        }
        long used = usedBytes.get(target.account().key());
        if (used + mail.size() > target.account().quotaBytes().getAsLong()) {
            return true;
        }
        usedBytes.put(target.account().key(), used + mail.size());
        return false;
    }

    /**
     * The body's parsed content with its text signature ({@link MessageContent#rowSignature}): parsed and stored
     * unless it is stored already ({@code found}, as read with its signature), as smtp-ingress mostly stores it.
     * Only content stored before contents kept their signatures is signed from the search text stored with it, read
     * for it. No message row may point at a missing content, and each row keeps the sort keys worked out from it and
     * its signature.
     */
    private MessageContent storedContent(String blobKey, Optional<MessageContent> found) throws IOException {
        MessageContent stored = found.orElse(null);
        if (stored != null) {
            return stored.signatureKnown() ? stored : signed(stored, contents.searchTexts(List.of(blobKey)).get(blobKey));
        }
        try (InputStream body = blobs.get(new BlobKey(blobKey))) {
            MessageContent content = indexer.index(blobKey, body);
            contents.put(content);
            return content;
        }
    }

    /** Content read back, which comes without its search text, with that text and the text's signature. */
    private static MessageContent signed(MessageContent stored, String searchText) {
        if (searchText == null) {
            return stored;
        }
        return new MessageContent(stored.blobKey(), stored.size(), stored.envelope(), stored.bodyStructure(),
                stored.headerIndex(), stored.sections(), stored.preview(), searchText, TextSignature.of(searchText));
    }

    private static String deliveryKey(MailAccepted mail, Target target) {
        return mail.messageId() + "/" + target.account().key();
    }
}
