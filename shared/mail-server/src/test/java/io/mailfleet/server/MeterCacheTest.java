package io.mailfleet.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MeterCacheTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MeterCache meters = new MeterCache(registry);

    @Test
    void aCounterIsMadeOncePerTagValuesUnderTheNameAndTagsGiven() {
        Counter first = meters.counter("mailfleet.test.replies", "Replies", "listener", "mx", "code", "250");
        // Tag values are usually made per event: equal strings, not the same ones.
        Counter again = meters.counter("mailfleet.test.replies", "Replies", "listener", "mx", "code", Integer.toString(250));
        Counter other = meters.counter("mailfleet.test.replies", "Replies", "listener", "mx", "code", "451");
        first.increment();
        again.increment();
        other.increment();

        assertThat(again).isSameAs(first);
        assertThat(other).isNotSameAs(first);
        assertThat(registry.get("mailfleet.test.replies").tags("listener", "mx", "code", "250").counter().count()).isEqualTo(2);
        assertThat(registry.get("mailfleet.test.replies").tags("listener", "mx", "code", "451").counter().count()).isEqualTo(1);
        assertThat(registry.get("mailfleet.test.replies").counter().getId().getDescription()).isEqualTo("Replies");
    }

    @Test
    void aTimerIsMadeOnceWithTheShapeGivenOnFirstUse() {
        Timer first = meters.timer("mailfleet.test.latency", timer -> timer.description("Latency").serviceLevelObjectives(Duration.ofMillis(10)),
                "outcome", "accepted");
        first.record(5, TimeUnit.MILLISECONDS);
        Timer again = meters.timer("mailfleet.test.latency", timer -> timer.description("Latency").serviceLevelObjectives(Duration.ofMillis(10)),
                "outcome", "accepted");
        again.record(7, TimeUnit.MILLISECONDS);

        assertThat(again).isSameAs(first);
        Timer registered = registry.get("mailfleet.test.latency").tag("outcome", "accepted").timer();
        assertThat(registered.count()).isEqualTo(2);
        assertThat(registered.getId().getDescription()).isEqualTo("Latency");
        assertThat(registered.takeSnapshot().histogramCounts()).singleElement()
                .satisfies(bucket -> assertThat(bucket.count()).isEqualTo(2));
    }
}
