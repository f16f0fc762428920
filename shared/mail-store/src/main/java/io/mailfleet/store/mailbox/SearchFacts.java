package io.mailfleet.store.mailbox;

import java.util.Objects;
import java.util.Optional;

/**
 * What SEARCH tests of a message, from the metadata store alone: the row (flags, size, internal
 * date, MODSEQ) and the parsed content of its blob (envelope with the sent date, the addresses
 * and the subject, and the header index). The content is empty only for a message stored without
 * one, which SEARCH must then read from its body.
 */
public record SearchFacts(StoredMessage message, Optional<MessageContent> content) {

    public SearchFacts {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(content, "content");
    }
}
