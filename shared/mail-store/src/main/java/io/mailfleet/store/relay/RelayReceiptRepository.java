package io.mailfleet.store.relay;

import io.mailfleet.model.MessageId;

import java.util.Map;

/**
 * What the relay has finished, per message and recipient. An outbound event can be read twice (a
 * crash before its offset was committed, a retry scheduled twice); the relay looks here first so a
 * recipient is sent the message, or bounced, once. Receipts expire after thirty days.
 */
public interface RelayReceiptRepository {

    /** The recipients of the message the relay has finished with, by address, and how. */
    Map<String, RelayOutcome> finished(MessageId messageId);

    void record(MessageId messageId, String recipient, RelayOutcome outcome);
}
