package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;

/** What FETCH FLAGS and STORE need of a message: its UID, its MODSEQ and its flags. */
public record MessageFlags(Uid uid, ModSeq modSeq, Flags flags) {
}
