package io.mailfleet.delivery.bounce;

import io.mailfleet.model.event.Recipient;

import java.util.Objects;
import java.util.Optional;

/**
 * A recipient delivery gave up on, as its bounce reports it.
 *
 * @param status     the RFC 3463 status, e.g. {@code 5.1.1}
 * @param diagnostic what went wrong: a remote server's reply, or our own words
 * @param remoteMta  the host that refused it, when one did
 */
public record FailedRecipient(Recipient recipient, String status, String diagnostic, boolean remoteReply,
                              Optional<String> remoteMta) {

    public FailedRecipient {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(diagnostic, "diagnostic");
        Objects.requireNonNull(remoteMta, "remoteMta");
    }

    /** A failure we decided ourselves (unknown user, quota, loop, no such domain). */
    public static FailedRecipient local(Recipient recipient, String status, String reason) {
        return new FailedRecipient(recipient, status, reason, false, Optional.empty());
    }
}
