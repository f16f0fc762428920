package io.mailfleet.store.cassandra;

import io.mailfleet.model.mailbox.Uid;

import java.util.Objects;

/**
 * A message as a text signature block keeps it: its UID and the trigram signature of its search text, as its row
 * keeps it ({@link io.mailfleet.store.mailbox.NewMessage#textSignature}), null for a row without one.
 */
record SignatureFacts(Uid uid, byte[] textSignature) {

    SignatureFacts {
        Objects.requireNonNull(uid, "uid");
    }
}
