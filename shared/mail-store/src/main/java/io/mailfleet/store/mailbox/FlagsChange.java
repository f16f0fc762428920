package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.ModSeq;

/** The outcome of a flag update: the flags now stored and the message's MODSEQ after it. */
public record FlagsChange(Flags flags, ModSeq modSeq, boolean changed) {
}
