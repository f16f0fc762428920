package io.mailfleet.delivery.server;

import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import io.mailfleet.events.AcknowledgedBatchHandler;
import io.mailfleet.events.EventHandler;
import io.mailfleet.events.ReceivedEvent;
import io.mailfleet.events.RetryLaterException;
import io.mailfleet.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A handler built at the first event: while Cassandra does not answer, the event is deferred (read
 * again later), never handed to the dead-letter topic as a bad event. A chaos run lost mail answered
 * 250 when the driver's own exception, thrown while the handler's statements were prepared, was
 * taken for a bad event.
 */
class LazyHandlersTest {

    @Test
    void aCassandraThatDoesNotAnswerWhileTheHandlerIsBuiltDefersTheEventUntilItDoes() throws Exception {
        List<String> handled = new ArrayList<>();
        ReceivedEvent<String> first = event("first");
        AtomicInteger attempts = new AtomicInteger();
        Supplier<EventHandler<String>> build = () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new NoNodeAvailableException();
            }
            return received -> handled.add(received.event());
        };
        EventHandler<String> lazy = Workers.lazily(build);

        assertThatThrownBy(() -> lazy.handle(first)).isInstanceOf(RetryLaterException.class)
                .hasCauseInstanceOf(NoNodeAvailableException.class);
        lazy.handle(first);

        assertThat(handled).containsExactly("first");
    }

    @Test
    void aBatchWaitsLikeASingleEventForAStoreThatIsDown() {
        Supplier<AcknowledgedBatchHandler<String>> down = () -> {
            throw new StoreUnavailableException("no Cassandra node answers", null);
        };

        assertThatThrownBy(() -> Workers.lazilyInBatches(down).handleAll(List.of(event("a"), event("b"))))
                .isInstanceOf(RetryLaterException.class);
        Supplier<AcknowledgedBatchHandler<String>> noNode = () -> {
            throw new NoNodeAvailableException();
        };
        assertThatThrownBy(() -> Workers.lazilyInBatches(noNode).handleAll(List.of(event("a"), event("b"))))
                .isInstanceOf(RetryLaterException.class);
    }

    @Test
    void aBuildThatFailsForAnotherReasonIsNotHiddenAsAnOutage() {
        Supplier<EventHandler<String>> broken = () -> {
            throw new IllegalStateException("a bug in the handler's wiring");
        };

        assertThatThrownBy(() -> Workers.lazily(broken).handle(event("x"))).isInstanceOf(IllegalStateException.class);
    }

    private static ReceivedEvent<String> event(String body) {
        return new ReceivedEvent<>("inbound", 0, 0, null, body, 1);
    }
}
