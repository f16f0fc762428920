package io.mailfleet.events.topic;

/** A topic could not be created, or the cluster did not answer in time. */
public class TopicProvisioningException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TopicProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
