package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;

/** An entry of the expunge log: {@code uid} was removed by the change numbered {@code modSeq}. */
public record Expunged(Uid uid, ModSeq modSeq) {
}
