package io.mailfleet.store.mailbox;

import java.util.Objects;

/**
 * What SELECT and EXAMINE need of a mailbox: its counters and the UIDs of its messages.
 *
 * <p>The counters are read first, then the UIDs in pages: {@code uids} holds no message appended
 * after {@code counters} (every UID is below {@code counters.nextUid()}), but may already lack
 * a message expunged after {@code counters.highestModSeq()}. Changes read since that MODSEQ cover
 * the difference, so a session reports such an expunge as one of a UID it no longer holds.
 * EXISTS is {@code uids.size()}.
 */
public record MailboxSnapshot(MailboxCounters counters, UidList uids) {

    public MailboxSnapshot {
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(uids, "uids");
    }
}
