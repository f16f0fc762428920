package io.mailfleet.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the clients were told and what they did, which is what the store must agree with at the
 * end: each message's token, recipients and the outcome of its attempts; what POP3 deleted; what
 * IMAP flagged; which message each UID named whenever IMAP saw it.
 */
final class Ledger {

    private static final Pattern TOKEN = Pattern.compile("chaos-token-\\d+");

    /**
     * What smtp-ingress said to a message's final dot, or why the dot was never answered; listed
     * from the outcome that binds the store most to the one that binds it least.
     */
    enum Outcome {
        /** 250: must be in every recipient's mailbox exactly once. */
        ACCEPTED,
        /** 4xx: may be stored at most once per recipient. */
        TEMPORARY_FAILURE,
        /** The dot was sent and the connection broke before the reply: at most once too. */
        UNANSWERED,
        /** 5xx to the dot, or to MAIL, RCPT or DATA: must be nowhere. */
        REFUSED,
        /** Given up before the dot (a 4xx to MAIL, RCPT or DATA, a broken connection): must be nowhere too. */
        NOT_SENT
    }

    /** One message as sent: its token, the accounts it must reach, whether a remote address was among its recipients. */
    record Attempt(String token, Set<String> accounts, boolean remote, Outcome outcome, long atMillis) {
    }

    /** A change a reader made that the final check must see, or may see when the server's answer was lost. */
    record Change(String token, String account) {
    }

    private final Map<String, Attempt> attempts = new ConcurrentHashMap<>();
    private final Set<String> answeredTemporarily = ConcurrentHashMap.newKeySet();
    private final AtomicLong temporaryReplies = new AtomicLong();
    private final Set<Change> deleted = ConcurrentHashMap.newKeySet();
    private final Set<Change> maybeDeleted = ConcurrentHashMap.newKeySet();
    private final Set<Change> flagged = ConcurrentHashMap.newKeySet();
    private final Map<String, String> uidNames = new ConcurrentHashMap<>();
    private final List<String> uidConflicts = new ArrayList<>();

    static String tokenIn(CharSequence text) {
        Matcher matcher = TOKEN.matcher(text);
        return matcher.find() ? matcher.group() : null;
    }

    /**
     * One attempt to send a message. A client sends a message that failed again, with the same
     * octets and token: the message's outcome is then the one of its attempts that binds the store
     * most, since a 250 after a 451 still means exactly once, and a copy the 451'd attempt left
     * cannot vanish because a later attempt was given up.
     */
    void record(Attempt attempt) {
        if (attempt.outcome() == Outcome.TEMPORARY_FAILURE) {
            temporaryReplies.incrementAndGet();
        }
        if (attempt.outcome() == Outcome.TEMPORARY_FAILURE || attempt.outcome() == Outcome.UNANSWERED) {
            answeredTemporarily.add(attempt.token());
        }
        attempts.merge(attempt.token(), attempt,
                (before, now) -> now.outcome().ordinal() < before.outcome().ordinal() ? now : before);
    }

    /** How many final dots were answered 4xx, counting each attempt. */
    long temporaryReplies() {
        return temporaryReplies.get();
    }

    /** Messages whose dot was answered 4xx or not at all, then 250 on a later attempt with the same octets. */
    long acceptedOnRetry() {
        return answeredTemporarily.stream().map(attempts::get)
                .filter(attempt -> attempt != null && attempt.outcome() == Outcome.ACCEPTED).count();
    }

    Map<String, Attempt> attempts() {
        return Map.copyOf(attempts);
    }

    long count(Outcome outcome) {
        return attempts.values().stream().filter(attempt -> attempt.outcome() == outcome).count();
    }

    /** POP3 QUIT answered +OK: the messages marked are gone for good. */
    void deleted(List<Change> changes) {
        deleted.addAll(changes);
    }

    /** POP3 QUIT unanswered: the deletions may or may not have happened. */
    void maybeDeleted(List<Change> changes) {
        maybeDeleted.addAll(changes);
    }

    boolean isDeleted(String token, String account) {
        return deleted.contains(new Change(token, account));
    }

    boolean isMaybeDeleted(String token, String account) {
        return maybeDeleted.contains(new Change(token, account));
    }

    /** IMAP STORE +FLAGS (\Flagged) answered OK. */
    void flagged(Change change) {
        flagged.add(change);
    }

    Set<Change> flagged() {
        return Set.copyOf(flagged);
    }

    /**
     * IMAP showed {@code token} at {@code uid} of a mailbox with {@code uidValidity}: a UID that
     * ever names two messages was reused (invariant 4).
     */
    void sawUid(String account, String mailbox, long uidValidity, long uid, String token) {
        String key = account + " " + mailbox + " UIDVALIDITY " + uidValidity + " UID " + uid;
        String before = uidNames.putIfAbsent(key, token);
        if (before != null && !before.equals(token)) {
            synchronized (uidConflicts) {
                uidConflicts.add(key + " named " + before + " and later " + token);
            }
        }
    }

    Map<String, String> uidNames() {
        return Map.copyOf(uidNames);
    }

    List<String> uidConflicts() {
        synchronized (uidConflicts) {
            return List.copyOf(uidConflicts);
        }
    }
}
