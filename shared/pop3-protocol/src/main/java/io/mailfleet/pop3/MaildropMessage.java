package io.mailfleet.pop3;

import java.util.Objects;

/**
 * One message of the maildrop snapshot the wiring opened.
 *
 * @param uniqueId the id UIDL shows and CommitDeletions names: 1 to 70 characters 0x21 to 0x7E (RFC 1939
 *     §7), the same for the same message in every session, and opaque to the session
 * @param size the message's octets as stored, which STAT and LIST report; stored messages have CRLF line
 *     ends, so this is the size of the content RETR sends before dot-stuffing
 */
public record MaildropMessage(String uniqueId, long size) {

    public MaildropMessage {
        Objects.requireNonNull(uniqueId, "uniqueId");
        if (uniqueId.isEmpty() || uniqueId.length() > 70 || !uniqueId.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
            throw new IllegalArgumentException("a unique-id is 1 to 70 characters 0x21 to 0x7E: " + uniqueId);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size is negative: " + size);
        }
    }
}
