package io.mailfleet.chaos;

import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.BlobStore;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.MailboxCounters;
import io.mailfleet.store.mailbox.MailboxRepository;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.StoredMessage;
import io.mailfleet.testing.peers.SinkMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The check after the run, first from the store: every message of every account's mailboxes, its
 * body read from S3 for its token; counters against recounts; UIDs against what IMAP saw during the
 * run. Then each attempt of the ledger against where its token is found. The protocol side and the
 * dead letters are checked by {@link ChaosRun} with this audit's inventory.
 */
final class Audit {

    /** Where one copy of a message is: account, mailbox, UID and its flags. */
    record Copy(String account, String mailbox, long uidValidity, long uid, boolean flagged) {
    }

    /** What the store holds, by token, and what is wrong with it regardless of the ledger. */
    record Inventory(Map<String, List<Copy>> copies, Map<String, Map<String, List<Long>>> uidsByMailbox,
                     List<String> findings) {

        long count(String token, String account) {
            return copies.getOrDefault(token, List.of()).stream().filter(copy -> copy.account().equals(account)).count();
        }
    }

    /**
     * The verdict on the ledger: lost and duplicated copies, and how the unacknowledged messages fared.
     *
     * @param temporaryReplies  final dots answered 4xx, each attempt counted
     * @param acceptedOnRetry   messages answered 250 on a retry after a 4xx or no answer: each must be stored once
     * @param temporaryFailures messages whose best answer was a 4xx (never accepted): stored at most once
     */
    record Verdict(long acknowledged, List<String> lost, List<String> duplicated, List<String> findings,
                   long temporaryReplies, long acceptedOnRetry,
                   long temporaryFailures, long temporaryFailuresStored, long unanswered, long unansweredStored,
                   long refused, long notSent) {
    }

    private Audit() {
    }

    static Inventory inventory(List<String> accounts, MailboxRepository mailboxes, MessageRepository messages, BlobStore blobs) {
        Map<String, List<Copy>> copies = new HashMap<>();
        Map<String, Map<String, List<Long>>> uids = new TreeMap<>();
        List<String> findings = Collections.synchronizedList(new ArrayList<>());
        for (String account : accounts) {
            for (Mailbox mailbox : mailboxes.list(account)) {
                String where = account + " " + mailbox.path();
                List<StoredMessage> stored = messages.list(mailbox.id());
                MailboxCounters counters = messages.counters(mailbox.id());
                long unseen = stored.stream().filter(message -> !message.flags().contains(Flag.SEEN)).count();
                long bytes = stored.stream().mapToLong(StoredMessage::size).sum();
                if (counters.messages() != stored.size() || counters.unseen() != unseen || counters.bytes() != bytes) {
                    findings.add(where + ": counters say " + counters.messages() + " messages, " + counters.unseen()
                            + " unseen, " + counters.bytes() + " bytes; recount " + stored.size() + ", " + unseen + ", " + bytes);
                }
                List<String> tokens = tokensOf(stored, blobs, where, findings);
                long previous = 0;
                for (int i = 0; i < stored.size(); i++) {
                    StoredMessage message = stored.get(i);
                    long uid = message.uid().value();
                    if (uid <= previous || uid >= counters.nextUid().value()) {
                        findings.add(where + ": UID " + uid + " after " + previous + " with UIDNEXT " + counters.nextUid().value());
                    }
                    previous = uid;
                    String token = tokens.get(i);
                    if (token != null) {
                        copies.computeIfAbsent(token, key -> new ArrayList<>()).add(new Copy(account, mailbox.path().toString(),
                                mailbox.uidValidity().value(), uid, message.flags().contains(Flag.FLAGGED)));
                    }
                }
                uids.computeIfAbsent(account, key -> new TreeMap<>())
                        .put(mailbox.path().toString(), stored.stream().map(message -> message.uid().value()).toList());
            }
        }
        return new Inventory(copies, uids, List.copyOf(findings));
    }

    /** The tokens of {@code stored}, in its order, their bodies read a few at a time. */
    private static List<String> tokensOf(List<StoredMessage> stored, BlobStore blobs, String where, List<String> findings) {
        try {
            return Parallel.run(stored.stream().<Parallel.Task<String>>map(message -> () -> tokenOf(message, blobs, where, findings))
                    .toList());
        } catch (Exception e) {
            throw new IllegalStateException("reading the bodies of " + where, e);
        }
    }

    /** The token in the message's body, read from S3: a missing body or a body without a token is a finding. */
    private static String tokenOf(StoredMessage message, BlobStore blobs, String where, List<String> findings) {
        try (InputStream body = blobs.get(new BlobKey(message.blobKey()))) {
            String token = Ledger.tokenIn(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            if (token == null) {
                findings.add(where + " UID " + message.uid().value() + ": no token in its body");
            }
            return token;
        } catch (IOException | RuntimeException e) {
            findings.add(where + " UID " + message.uid().value() + ": body " + message.blobKey() + " unreadable: " + e);
            return null;
        }
    }

    /** Each attempt of the ledger against the inventory and what the remote sink received. */
    static Verdict verdict(Ledger ledger, Inventory inventory, List<SinkMessage> relayed) {
        Map<String, Long> remoteCopies = new HashMap<>();
        for (SinkMessage message : relayed) {
            String token = Ledger.tokenIn(message.contentAsString());
            if (token != null && message.rcptArgs().stream().anyMatch(rcpt -> rcpt.contains(SmtpLoad.REMOTE))) {
                remoteCopies.merge(token, 1L, Long::sum);
            }
        }
        List<String> lost = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        List<String> findings = new ArrayList<>(inventory.findings());
        long tempStored = 0;
        long unansweredStored = 0;
        Map<String, Ledger.Attempt> attempts = ledger.attempts();
        for (Ledger.Attempt attempt : attempts.values()) {
            String token = attempt.token();
            boolean storedAnywhere = false;
            for (String account : attempt.accounts()) {
                long count = inventory.count(token, account);
                storedAnywhere |= count > 0;
                String at = token + " (sent at " + attempt.atMillis() / 1000.0 + " s) for " + account;
                switch (attempt.outcome()) {
                    case ACCEPTED -> {
                        if (ledger.isDeleted(token, account)) {
                            if (count > 0) {
                                duplicated.add(at + ": deleted over POP3, yet " + count + " in the store");
                            }
                        } else if (count == 0 && !ledger.isMaybeDeleted(token, account)) {
                            lost.add(at + ": answered 250, not in the mailbox");
                        } else if (count > 1) {
                            duplicated.add(at + ": " + count + " copies " + inventory.copies().get(token));
                        }
                    }
                    case TEMPORARY_FAILURE, UNANSWERED -> {
                        if (count > 1) {
                            duplicated.add(at + ": answered " + attempt.outcome() + ", yet " + count + " copies");
                        }
                    }
                    case REFUSED, NOT_SENT -> {
                        if (count > 0) {
                            findings.add(at + ": " + attempt.outcome() + ", yet stored " + count + " times");
                        }
                    }
                }
            }
            long remote = remoteCopies.getOrDefault(token, 0L);
            storedAnywhere |= remote > 0;
            if (attempt.remote()) {
                String at = token + " (sent at " + attempt.atMillis() / 1000.0 + " s) for " + SmtpLoad.REMOTE;
                if (attempt.outcome() == Ledger.Outcome.ACCEPTED && remote == 0) {
                    lost.add(at + ": answered 250, never relayed");
                } else if (remote > 1) {
                    duplicated.add(at + ": relayed " + remote + " times");
                } else if ((attempt.outcome() == Ledger.Outcome.REFUSED || attempt.outcome() == Ledger.Outcome.NOT_SENT)
                        && remote > 0) {
                    findings.add(at + ": " + attempt.outcome() + ", yet relayed");
                }
            }
            if (storedAnywhere && attempt.outcome() == Ledger.Outcome.TEMPORARY_FAILURE) {
                tempStored++;
            }
            if (storedAnywhere && attempt.outcome() == Ledger.Outcome.UNANSWERED) {
                unansweredStored++;
            }
        }
        for (String token : inventory.copies().keySet()) {
            if (!attempts.containsKey(token)) {
                findings.add(token + ": in the store, but never sent");
            }
        }
        for (Ledger.Change change : ledger.flagged()) {
            List<Copy> copies = inventory.copies().getOrDefault(change.token(), List.of()).stream()
                    .filter(copy -> copy.account().equals(change.account())).toList();
            if (copies.stream().anyMatch(copy -> !copy.flagged())) {
                findings.add(change.token() + " for " + change.account() + ": STORE +FLAGS (\\Flagged) answered OK, flag missing "
                        + copies);
            }
        }
        findings.addAll(ledger.uidConflicts());
        findings.addAll(uidsStillNamingOthers(ledger, inventory));
        return new Verdict(ledger.count(Ledger.Outcome.ACCEPTED), lost, duplicated, findings,
                ledger.temporaryReplies(), ledger.acceptedOnRetry(),
                ledger.count(Ledger.Outcome.TEMPORARY_FAILURE), tempStored,
                ledger.count(Ledger.Outcome.UNANSWERED), unansweredStored, ledger.count(Ledger.Outcome.REFUSED),
                ledger.count(Ledger.Outcome.NOT_SENT));
    }

    /** A UID IMAP saw naming one message that now names another was reused (invariant 4). */
    private static List<String> uidsStillNamingOthers(Ledger ledger, Inventory inventory) {
        Map<String, String> now = new HashMap<>();
        inventory.copies().forEach((token, copies) -> copies.forEach(copy -> now.put(copy.account() + " " + copy.mailbox()
                + " UIDVALIDITY " + copy.uidValidity() + " UID " + copy.uid(), token)));
        List<String> reused = new ArrayList<>();
        ledger.uidNames().forEach((key, token) -> {
            String current = now.get(key);
            if (current != null && !current.equals(token)) {
                reused.add(key + " named " + token + " during the run and names " + current + " now");
            }
        });
        return reused;
    }
}
