package io.mailfleet.store.cassandra;

import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.StoredMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The UID ranges an expunge deletes: each run of doomed messages widened to its surviving neighbours. */
class ExpungeGapsTest {

    private static final MessageIdGenerator IDS = new MessageIdGenerator();

    static Stream<Arguments> cases() {
        return Stream.of(
                // live UIDs, doomed, live below, live above (or UIDNEXT), expected ranges
                Arguments.of(List.of(5L), Set.of(5L), 0L, 9L, "1-8"),
                Arguments.of(List.of(3L, 4L, 5L), Set.of(4L), 0L, 9L, "4-4"),
                Arguments.of(List.of(3L, 7L, 9L), Set.of(7L), 0L, 20L, "4-8"),
                Arguments.of(List.of(3L, 7L, 9L), Set.of(3L, 7L), 1L, 20L, "2-8"),
                Arguments.of(List.of(3L, 7L, 9L), Set.of(3L, 9L), 1L, 20L, "2-6 8-19"),
                Arguments.of(List.of(10L, 11L, 12L, 13L), Set.of(10L, 12L), 8L, 14L, "9-10 12-12"),
                Arguments.of(List.of(10L, 11L), Set.of(), 8L, 14L, ""));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void runsOfDoomedMessagesCoverTheirWholeGap(List<Long> live, Set<Long> doomed, long below, long above, String expected) {
        List<StoredMessage> messages = live.stream().map(uid -> new StoredMessage(Uid.of(uid), ModSeq.MIN, Flags.EMPTY, IDS.next(),
                "blob", 1, Instant.EPOCH)).toList();

        String ranges = Expunges.gaps(messages, doomed, below, above).stream()
                .map(range -> range[0] + "-" + range[1]).collect(Collectors.joining(" "));

        assertThat(ranges).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void noRangeCoversASurvivor(List<Long> live, Set<Long> doomed, long below, long above, String expected) {
        List<StoredMessage> messages = live.stream().map(uid -> new StoredMessage(Uid.of(uid), ModSeq.MIN, Flags.EMPTY, IDS.next(),
                "blob", 1, Instant.EPOCH)).toList();
        List<long[]> ranges = Expunges.gaps(messages, doomed, below, above);

        for (long survivor : live.stream().filter(uid -> !doomed.contains(uid)).toList()) {
            assertThat(ranges).noneMatch(range -> range[0] <= survivor && survivor <= range[1]);
        }
        for (long dead : doomed) {
            assertThat(ranges).as(Arrays.toString(doomed.toArray())).anyMatch(range -> range[0] <= dead && dead <= range[1]);
        }
    }
}
