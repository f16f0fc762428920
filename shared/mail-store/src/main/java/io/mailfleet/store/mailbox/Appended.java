package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;

/** Where an appended message landed. */
public record Appended(Uid uid, ModSeq modSeq) {
}
