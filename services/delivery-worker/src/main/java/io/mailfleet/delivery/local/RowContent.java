package io.mailfleet.delivery.local;

import io.mailfleet.model.event.ContentFacts;
import io.mailfleet.quarkus.content.SortFieldsOf;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.SortFields;

import java.time.Instant;
import java.util.function.Function;

/**
 * What each message row of a body keeps of its stored parsed content: the sort keys, which depend on the row's
 * internal date when the message has no readable Date field, and the text signature (null for a message without a
 * search text). From the event's facts when smtp-ingress stored the content, else from the content as read or parsed.
 */
record RowContent(Function<Instant, SortFields> sortFields, byte[] signature) {

    static RowContent of(MessageContent content) {
        return new RowContent(internalDate -> SortFieldsOf.of(content, internalDate), content.rowSignature());
    }

    static RowContent of(ContentFacts facts) {
        byte[] signature = facts.signatureBytes();
        return new RowContent(internalDate -> SortFieldsOf.of(facts, internalDate), signature.length == 0 ? null : signature);
    }
}
