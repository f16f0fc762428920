package io.mailfleet.smtp.ingress.accept;

/**
 * The stages an accept waits for after the client's last octet, each timed on its own so that a slow
 * 250 shows which backend it waited for. The content is written with the blob's pin before the body's
 * PUT, within the body store; the event is published after it.
 */
public enum AcceptStage {
    /** The rest of the body into the blob store: the pin of its key (with the content write) and the PUT of a body held in memory. */
    BODY_STORE,
    /** The MailAccepted event, from the stored body to Kafka's acknowledgement. */
    EVENT_PUBLISH,
    /** The parse of a body held in memory and the write of its content with the blob's pin, before its PUT. */
    CONTENT_WRITE;

    /** Receives how long each stage of an accept that succeeded took. */
    @FunctionalInterface
    public interface Times {
        void took(AcceptStage stage, long nanos);
    }
}
