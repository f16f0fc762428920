package io.mailfleet.store.mailbox;

import io.mailfleet.model.MessageId;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;

import java.time.Instant;

/**
 * A message as listed in its mailbox: what IMAP and POP3 need without touching the blob.
 *
 * @param saveDate      when the row was written into this mailbox (RFC 8514 SAVEDATE); null for rows written
 *                      before the store kept it (migration 011)
 * @param sortFields    the row's sort keys, read only by the reads that copy a row; null otherwise and for rows
 *                      written before the store kept them (migration 015)
 * @param textSignature the row's text signature ({@link NewMessage#textSignature}), read only by the reads that
 *                      copy a row; null otherwise and for rows without one (migration 016)
 */
public record StoredMessage(Uid uid, ModSeq modSeq, Flags flags, MessageId messageId, String blobKey, long size,
                            Instant internalDate, Instant saveDate, SortFields sortFields, byte[] textSignature) {

    /** A message read without what only its copies keep: its sort keys and text signature. */
    public StoredMessage(Uid uid, ModSeq modSeq, Flags flags, MessageId messageId, String blobKey, long size,
                         Instant internalDate, Instant saveDate) {
        this(uid, modSeq, flags, messageId, blobKey, size, internalDate, saveDate, null, null);
    }

    /** A message without a save date. */
    public StoredMessage(Uid uid, ModSeq modSeq, Flags flags, MessageId messageId, String blobKey, long size,
                         Instant internalDate) {
        this(uid, modSeq, flags, messageId, blobKey, size, internalDate, null, null, null);
    }
}
