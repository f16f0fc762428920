package io.mailfleet.store.mailbox;

import java.util.Objects;

/**
 * A message as SEARCH BODY and TEXT first look at it: its row, and the trigram signature of its search text
 * kept in the row ({@link NewMessage#textSignature}), null for a row without one.
 */
public record SearchRow(StoredMessage message, byte[] textSignature) {

    public SearchRow {
        Objects.requireNonNull(message, "message");
    }
}
