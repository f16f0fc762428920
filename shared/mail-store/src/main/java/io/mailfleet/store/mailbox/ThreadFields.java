package io.mailfleet.store.mailbox;

import java.util.List;
import java.util.Objects;

/**
 * What RFC 5256's REFERENCES algorithm reads of a message besides its sent date and base subject, worked out
 * once when the message is added to a mailbox and kept in its row beside its sort keys, so that THREAD never
 * reads the parsed content of a message whose row keeps them.
 *
 * @param messageId      the normalized Message ID of its Message-ID field, "" without a valid one
 * @param parents        its references, oldest first: the Message IDs of its References field or, when that has
 *                       none, the first of its In-Reply-To field (RFC 5256 §3); empty for none
 * @param replyOrForward whether extracting its base subject removed a reply or forward marker (RFC 5256 §3, step 5)
 */
public record ThreadFields(String messageId, List<String> parents, boolean replyOrForward) {

    public ThreadFields {
        Objects.requireNonNull(messageId, "messageId");
        parents = List.copyOf(parents);
    }
}
