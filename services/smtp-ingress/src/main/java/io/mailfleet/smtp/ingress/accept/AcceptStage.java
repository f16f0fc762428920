package io.mailfleet.smtp.ingress.accept;

/**
 * The stages an accept waits for after the client's last octet, each timed on its own so that a slow
 * 250 shows which backend it waited for. The content write runs while the event is published, so the
 * reply waits for the body store and then for the slower of the other two.
 */
public enum AcceptStage {
    /** The rest of the body into the blob store: the pin of its key and the PUT of a body held in memory. */
    BODY_STORE,
    /** The MailAccepted event, from the stored body to Kafka's acknowledgement. */
    EVENT_PUBLISH,
    /** The parse of a body held in memory and the write of its content, from the stored body on. */
    CONTENT_WRITE;

    /** Receives how long each stage of an accept that succeeded took. */
    @FunctionalInterface
    public interface Times {
        void took(AcceptStage stage, long nanos);
    }
}
