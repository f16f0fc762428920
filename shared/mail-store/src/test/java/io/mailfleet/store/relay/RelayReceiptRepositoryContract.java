package io.mailfleet.store.relay;

import io.mailfleet.model.MessageId;
import io.mailfleet.model.MessageIdGenerator;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link RelayReceiptRepository} must do; each adapter's test implements this. */
public interface RelayReceiptRepositoryContract {

    RelayReceiptRepository relayReceipts();

    @Test
    default void receiptsAreKeptPerMessageAndRecipient() {
        MessageIdGenerator ids = new MessageIdGenerator();
        MessageId message = ids.next();
        MessageId other = ids.next();

        relayReceipts().record(message, "a@remote.test", RelayOutcome.DELIVERED);
        relayReceipts().record(message, "b@remote.test", RelayOutcome.BOUNCED);
        relayReceipts().record(other, "a@remote.test", RelayOutcome.BOUNCED);

        assertThat(relayReceipts().finished(message))
                .isEqualTo(Map.of("a@remote.test", RelayOutcome.DELIVERED, "b@remote.test", RelayOutcome.BOUNCED));
        assertThat(relayReceipts().finished(ids.next())).isEmpty();
    }
}
