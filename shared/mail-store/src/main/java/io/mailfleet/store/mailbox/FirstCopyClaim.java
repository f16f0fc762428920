package io.mailfleet.store.mailbox;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The client digest a delivered message carries (the SHA-256 of its sender and of the octets its SMTP
 * client sent, mail-model {@code ClientDigest}), remembered in the mailbox for {@code window} by the
 * change that adds the message: another message with the same digest delivered to that mailbox within
 * the window is the client's retry of it after a 451 that was not a failure, and is not added.
 *
 * @param digest the digest in lowercase hex, as {@code MailAccepted.clientDigest} carries it
 */
public record FirstCopyClaim(String digest, Duration window) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public FirstCopyClaim {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(window, "window");
        if (!SHA256_HEX.matcher(digest).matches()) {
            throw new IllegalArgumentException("a client digest is a SHA-256 in lowercase hex, not " + digest);
        }
        if (window.toSeconds() < 1) {
            throw new IllegalArgumentException("a claim's window is at least a second, not " + window);
        }
    }
}
