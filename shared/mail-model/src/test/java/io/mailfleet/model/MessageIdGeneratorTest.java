package io.mailfleet.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MessageIdGeneratorTest {

    /** A clock the test moves by hand, including backwards. */
    private static final class ManualClock extends Clock {
        private long millis;

        ManualClock(long millis) {
            this.millis = millis;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    @Test
    void strictlyIncreasesWithinOneMillisecond() {
        ManualClock clock = new ManualClock(1_700_000_000_000L);
        MessageIdGenerator generator = new MessageIdGenerator(clock, new SplittableRandom(1));

        List<MessageId> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(generator.next());
        }

        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(ids).allSatisfy(id -> assertThat(id.epochMillis()).isEqualTo(1_700_000_000_000L));
        assertThat(ids.get(1)).isEqualTo(ids.get(0).increment());
    }

    @Test
    void newMillisecondTakesFreshRandomness() {
        ManualClock clock = new ManualClock(1_000);
        SplittableRandom expectedRandom = new SplittableRandom(3);
        MessageIdGenerator generator = new MessageIdGenerator(clock, new SplittableRandom(3));

        MessageId first = generator.next();
        clock.millis = 1_001;
        MessageId second = generator.next();

        assertThat(first).isEqualTo(MessageId.of(1_000, expectedRandom.nextLong(), expectedRandom.nextLong()));
        assertThat(second).isEqualTo(MessageId.of(1_001, expectedRandom.nextLong(), expectedRandom.nextLong()));
    }

    @Test
    void staysMonotonicWhenTheClockStepsBack() {
        ManualClock clock = new ManualClock(50_000);
        MessageIdGenerator generator = new MessageIdGenerator(clock, new SplittableRandom(5));

        MessageId before = generator.next();
        clock.millis = 40_000;
        MessageId after = generator.next();

        assertThat(after).isGreaterThan(before);
        assertThat(after.toString()).isGreaterThan(before.toString());
    }

    @Test
    void defaultGeneratorUsesTheSystemClock() {
        long before = System.currentTimeMillis();
        MessageId id = new MessageIdGenerator().next();
        long after = System.currentTimeMillis();

        assertThat(id.epochMillis()).isBetween(before, after);
    }
}
