package io.mailfleet.delivery.relay;

import io.mailfleet.model.event.OutboundMail;
import io.mailfleet.model.event.Recipient;

import java.io.IOException;
import java.util.List;

/** One attempt to hand a message to the destination's servers. */
public interface RemoteDelivery {

    /**
     * Tries the destination's hosts in order until one answers, and reports per recipient.
     *
     * @throws IOException when the message body cannot be read from the blob store: the attempt
     *     did not happen and must be repeated, it is not the destination's failure
     */
    List<RecipientOutcome> deliver(OutboundMail mail, List<Recipient> recipients) throws IOException;
}
