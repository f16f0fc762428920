package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.Uid;

import java.time.Instant;

/**
 * What SORT and THREAD read of a message row: its size, internal date and sort keys (with the threading facts for
 * THREAD), and the blob key by which a row written before the store kept them (migrations 015 and 017) finds its
 * parsed content instead.
 *
 * @param fields the row's sort keys; null for a row written before the store kept them
 */
public record SortFacts(Uid uid, String blobKey, long size, Instant internalDate, SortFields fields) {
}
