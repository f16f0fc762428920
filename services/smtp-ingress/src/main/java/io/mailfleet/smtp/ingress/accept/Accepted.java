package io.mailfleet.smtp.ingress.accept;

import io.mailfleet.events.PublishedPosition;
import io.mailfleet.model.event.MailAccepted;

/** A message that is durable: its body in the blob store and its event acknowledged by Kafka. */
public record Accepted(MailAccepted event, PublishedPosition position) {

    public String queueId() {
        return event.queueId();
    }
}
