package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;

/**
 * A mailbox's exact counts and allocation state, as of one committed change.
 *
 * @param nextUid       the UID the next appended message will get (IMAP UIDNEXT)
 * @param highestModSeq the MODSEQ of the latest change (RFC 7162 HIGHESTMODSEQ)
 */
public record MailboxCounters(long messages, long unseen, long bytes, Uid nextUid, ModSeq highestModSeq) {
}
