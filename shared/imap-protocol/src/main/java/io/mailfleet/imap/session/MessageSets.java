package io.mailfleet.imap.session;

import java.util.BitSet;

import io.mailfleet.imap.command.SequenceSet;
import io.mailfleet.imap.selected.MessageMap;
import io.mailfleet.imap.wire.ImapSyntaxException;

/** Turns a command's message set into the UIDs it names in the session's view of the mailbox. */
final class MessageSets {

    private MessageSets() {
    }

    /**
     * The UIDs, ascending. By UID, numbers that name no message are skipped (RFC 9051 §6.4.9); by message
     * number, a number past the last message is an error (RFC 9051 §9 {@code seq-number}).
     *
     * @throws ImapSyntaxException for a message number that does not exist: answer BAD
     */
    static long[] uids(SequenceSet set, MessageMap messages, boolean byUid) {
        BitSet msns = new BitSet(messages.size() + 1);
        for (SequenceSet.Range range : set.ranges()) {
            if (byUid) {
                long largest = messages.lastUid();
                int first = messages.firstMsnAtLeast(range.low(largest));
                int last = messages.lastMsnAtMost(range.high(largest));
                if (first <= last) {
                    msns.set(first, last + 1);
                }
            } else {
                long high = range.high(messages.size());
                if (high > messages.size() || range.low(messages.size()) < 1) {
                    throw new ImapSyntaxException("no such message number");
                }
                msns.set((int) range.low(messages.size()), (int) high + 1);
            }
        }
        long[] uids = new long[msns.cardinality()];
        int i = 0;
        for (int msn = msns.nextSetBit(1); msn >= 0; msn = msns.nextSetBit(msn + 1)) {
            uids[i++] = messages.uid(msn);
        }
        return uids;
    }
}
