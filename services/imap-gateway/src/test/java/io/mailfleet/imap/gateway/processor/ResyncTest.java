package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.SequenceSet;
import io.mailfleet.imap.response.NumberSet;
import io.mailfleet.imap.selected.MessageMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a QRESYNC client is told is gone when the expunge log no longer reaches back to its MODSEQ: every
 * UID of its known set, up to the last UID given out, that no message has now.
 */
class ResyncTest {

    @ParameterizedTest(name = "known {0}, last UID {1}, live {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # RFC 7162 §3.2.5.2: the known UIDs of its example, with 117, 119 and 541 left.
            41,43:211,214:541 | 599 | 117,119,541,542,599 | 41,43:116,118,120:211,214:540
            # No known set: everything from 1 to the last UID.
            -                 | 10  | 2,3,7,10            | 1,4:6,8:9
            -                 | 3   | 1,2,3               | -
            # Ranges in any order and overlapping, past the last UID, with * as the last UID.
            9:5,1:2,4:6       | 8   | 5                   | 1:2,4,6:8
            3:*               | 6   | 1,4                 | 3,5:6
            # An empty mailbox that gave out no UID has nothing gone.
            1:10              | 0   | -                   | -
            """)
    void reportsWhatIsGoneAsRanges(String known, long lastUid, String live, String gone) {
        SequenceSet set = known.equals("-") ? null : sequenceSet(known);
        long[] bounds = Resync.missing(set, lastUid, MessageMap.of(numbers(live)));
        assertThat(bounds.length == 0 ? "-" : NumberSet.ofRanges(bounds).encode()).isEqualTo(gone);
    }

    private static long[] numbers(String list) {
        return list.equals("-") ? new long[0] : Arrays.stream(list.split(",")).mapToLong(Long::parseLong).toArray();
    }

    private static SequenceSet sequenceSet(String wire) {
        List<SequenceSet.Range> ranges = new ArrayList<>();
        for (String range : wire.split(",")) {
            String[] ends = range.split(":");
            ranges.add(new SequenceSet.Range(end(ends[0]), end(ends[ends.length - 1])));
        }
        return new SequenceSet(ranges, false);
    }

    private static long end(String number) {
        return number.equals("*") ? SequenceSet.LARGEST : Long.parseLong(number);
    }
}
