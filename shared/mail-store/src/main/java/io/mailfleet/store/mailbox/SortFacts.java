package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.Uid;

import java.time.Instant;

/**
 * What SORT reads of a message row: its size, internal date and sort keys, and the blob key by which a row
 * written before the store kept sort keys (migration 015) finds its parsed content instead.
 *
 * @param fields the row's sort keys; null for a row written before the store kept them
 */
public record SortFacts(Uid uid, String blobKey, long size, Instant internalDate, SortFields fields) {
}
