package io.mailfleet.delivery.relay;

import io.mailfleet.model.event.Recipient;

import java.util.Objects;
import java.util.Optional;

/**
 * What one relay attempt did for one recipient.
 *
 * @param status      the RFC 3463 status: the server's enhanced code, or one we chose
 * @param diagnostic  the server's reply, or our own words when no server answered
 * @param remoteReply whether {@code diagnostic} is a server's reply
 * @param remoteHost  the host that answered, if one did
 */
public record RecipientOutcome(Recipient recipient, Kind kind, String status, String diagnostic, boolean remoteReply,
                               Optional<String> remoteHost) {

    public enum Kind {
        DELIVERED,
        /** Try again later: a 4xx, or no server could be reached. */
        TEMPORARY,
        /** Give up: a 5xx, or a destination that takes no mail. */
        PERMANENT
    }

    public RecipientOutcome {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(diagnostic, "diagnostic");
        Objects.requireNonNull(remoteHost, "remoteHost");
    }

    /** The same verdict of ours for every recipient, e.g. a domain with a null MX. */
    public static java.util.List<RecipientOutcome> all(java.util.List<Recipient> recipients, Kind kind, String status,
                                                       String reason) {
        return recipients.stream().map(r -> new RecipientOutcome(r, kind, status, reason, false, Optional.empty())).toList();
    }
}
