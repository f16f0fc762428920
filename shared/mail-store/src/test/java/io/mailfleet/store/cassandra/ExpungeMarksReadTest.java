package io.mailfleet.store.cassandra;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether the flag blocks an expunge read with the mailbox state, for the UIDs it named and the first of its
 * tail, hold the marks of every candidate, or the blocks of the tail past the first must be read as well.
 */
class ExpungeMarksReadTest {

    @ParameterizedTest(name = "read for {0}, candidates {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # EXPUNGE of a small mailbox: its UIDs and the tail after them in one block.
            1,2,3,21          | 1,2,3,21,22,23 | true
            # The tail goes on into the next block (256 UIDs a block) than the one its first UID is in.
            250               | 250,255,256    | false
            # UID EXPUNGE of UIDs in two blocks apart: only those were asked, and they are all there is.
            7,900             | 7,900          | true
            # A candidate in a block between them was never asked for.
            7,900             | 7,300,900      | false
            """)
    void coversEveryCandidateOnlyWithEveryBlockAsked(String read, String candidates, boolean covered) {
        assertThat(Expunges.coversAll(uids(read), uids(candidates))).isEqualTo(covered);
    }

    private static List<Long> uids(String list) {
        return Arrays.stream(list.split(",")).map(Long::parseLong).toList();
    }
}
