package io.mailfleet.imap.gateway.search;

import io.mailfleet.imap.command.SortCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The sort keys of RFC 5256 §3 and the base subject of §2.1. */
class SortKeysTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Re: lunch | lunch",
            "RE: Re: Fwd: lunch | lunch",
            "Fw: lunch (fwd) | lunch",
            "[list] Re: lunch | lunch",
            "Re [2]: lunch | lunch",
            "lunch | lunch",
    })
    void theBaseSubjectDropsReplyAndForwardMarkers(String subject, String base) {
        assertThat(SortKeys.baseSubject(subject)).isEqualTo(base);
    }

    @Test
    void criteriaApplyInOrderAndReverseFlipsOne() {
        List<SortKeys.Facts> messages = new ArrayList<>(List.of(
                facts(1, 300, "Re: b", "Zed <zed@example.org>"),
                facts(2, 100, "a", "amy@example.org"),
                facts(3, 200, "b", "Bob <bob@example.org>")));
        messages.sort(SortKeys.comparator(List.of(new SortCommand.Criterion(SortCommand.SortKey.SUBJECT, false),
                new SortCommand.Criterion(SortCommand.SortKey.SIZE, true))));
        assertThat(messages).extracting(SortKeys.Facts::uid).containsExactly(2L, 1L, 3L);
        messages.sort(SortKeys.comparator(List.of(new SortCommand.Criterion(SortCommand.SortKey.FROM, false))));
        assertThat(messages).extracting(SortKeys.Facts::uid).containsExactly(2L, 3L, 1L);
        messages.sort(SortKeys.comparator(List.of(new SortCommand.Criterion(SortCommand.SortKey.DISPLAYFROM, true))));
        assertThat(messages).extracting(SortKeys.Facts::uid).containsExactly(1L, 3L, 2L);
    }

    private static SortKeys.Facts facts(long uid, long size, String subject, String from) {
        return new SortKeys.Facts(uid, (int) uid, size, Instant.EPOCH.plusSeconds(uid),
                Map.of("subject", List.of(subject), "from", List.of(from)));
    }
}
