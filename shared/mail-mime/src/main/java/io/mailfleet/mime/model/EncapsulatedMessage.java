package io.mailfleet.mime.model;

import java.util.Objects;

/**
 * The message inside a message/rfc822 part. Its header and text are the {@code mime} and
 * {@code body} ranges of {@code body}, exactly as for the top-level message.
 */
public record EncapsulatedMessage(Envelope envelope, MimePart body) {

    public EncapsulatedMessage {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(body, "body");
    }
}
