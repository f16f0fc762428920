package io.mailfleet.store.mailbox;

import io.mailfleet.model.MessageId;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;

import java.time.Instant;

/** A message as listed in its mailbox: what IMAP and POP3 need without touching the blob. */
public record StoredMessage(Uid uid, ModSeq modSeq, Flags flags, MessageId messageId, String blobKey, long size,
                            Instant internalDate) {
}
