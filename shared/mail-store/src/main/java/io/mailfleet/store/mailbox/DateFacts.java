package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.Uid;

import java.time.Instant;

/**
 * What SORT by DATE, ARRIVAL and SIZE compares of a message (RFC 5256 §3): kept in the mailbox's sort date blocks,
 * a few bytes a message, written with the message, so that such a SORT reads no message row.
 *
 * @param sentDate the sent date of RFC 5256 §2.2 ({@link SortFields#sentDate}); null for a row written before rows
 *                 kept their sort keys, whose sent date comes from its parsed content
 */
public record DateFacts(Uid uid, long size, Instant internalDate, Instant sentDate) {
}
