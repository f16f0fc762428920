package io.mailfleet.model.mailbox;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * The stable identity of a mailbox. Names change on RENAME, ids do not, so messages, UIDs and
 * events refer to the id and only the mailbox list maps names to ids.
 */
public record MailboxId(UUID value) {

    public MailboxId {
        Objects.requireNonNull(value, "value");
    }

    public static MailboxId random() {
        return new MailboxId(UUID.randomUUID());
    }

    /**
     * Parses the canonical 36-character form only: {@link UUID#fromString} also accepts short
     * groups such as {@code 1-2-3-4-5}, which would give one id two spellings in events and keys.
     */
    public static MailboxId parse(String text) {
        Objects.requireNonNull(text, "text");
        String lower = text.toLowerCase(Locale.ROOT);
        try {
            UUID uuid = UUID.fromString(lower);
            if (uuid.toString().equals(lower)) {
                return new MailboxId(uuid);
            }
        } catch (IllegalArgumentException e) {
            // Reported below with the same message as a non-canonical spelling.
        }
        throw new IllegalArgumentException("mailbox id is not a canonical UUID");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
