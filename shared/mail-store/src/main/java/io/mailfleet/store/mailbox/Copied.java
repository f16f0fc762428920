package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.Uid;

/** A message copied or moved: its UID in the source and the new one in the target (RFC 4315 COPYUID). */
public record Copied(Uid source, Uid target) {
}
