package io.mailfleet.imap.gateway.search;

import io.mailfleet.imap.command.SortCommand;
import io.mailfleet.quarkus.content.SortFieldsOf;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The sort keys of RFC 5256 §3, over the keys a message row keeps. */
class SortKeysTest {

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

    @Test
    void datesSortByTheirInstantWhateverTheirZoneAndMissingOnesByArrival() {
        List<SortKeys.Facts> messages = new ArrayList<>(List.of(
                dated(1, "Mon, 01 Jan 2024 10:00:00 +0200"),
                dated(2, "Mon, 01 Jan 2024 09:30:00 +0000"),
                dated(3, "not a date"),
                dated(4, "Sun, 31 Dec 2023 23:59:00 -0500")));
        messages.sort(SortKeys.comparator(List.of(new SortCommand.Criterion(SortCommand.SortKey.DATE, false))));
        // In UTC 1 is 08:00, 2 is 09:30 and 4 is 04:59 of 1 January; 3 has no date and sorts by its arrival, in 1970.
        assertThat(messages).extracting(SortKeys.Facts::uid).containsExactly(3L, 4L, 1L, 2L);
    }

    @Test
    void arrivalIgnoresTheDateFieldAndReverseArrivalPutsTheLastArrivedFirst() {
        List<SortKeys.Facts> messages = new ArrayList<>(List.of(
                dated(1, "Mon, 01 Jan 2024 10:00:00 +0000"),
                dated(2, "Mon, 01 Jan 2001 10:00:00 +0000"),
                dated(3, "Mon, 01 Jan 1990 10:00:00 +0000")));
        messages.sort(SortKeys.comparator(List.of(new SortCommand.Criterion(SortCommand.SortKey.ARRIVAL, true))));
        assertThat(messages).extracting(SortKeys.Facts::uid).containsExactly(3L, 2L, 1L);
    }

    @Test
    void tiesAreBrokenByMessageNumberWhateverTheOrderTheyCameIn() {
        List<SortKeys.Facts> messages = new ArrayList<>(List.of(
                dated(3, "Mon, 01 Jan 2024 10:00:00 +0000"),
                dated(1, "Mon, 01 Jan 2024 10:00:00 +0000"),
                dated(2, "Mon, 01 Jan 2024 10:00:00 +0000")));
        messages.sort(SortKeys.comparator(List.of(new SortCommand.Criterion(SortCommand.SortKey.DATE, true))));
        assertThat(messages).extracting(SortKeys.Facts::uid).containsExactly(1L, 2L, 3L);
    }

    private static SortKeys.Facts dated(long uid, String date) {
        Instant arrival = Instant.EPOCH.plusSeconds(uid);
        return new SortKeys.Facts(uid, (int) uid, 100, arrival, SortFieldsOf.of(Map.of("date", List.of(date)), arrival));
    }

    private static SortKeys.Facts facts(long uid, long size, String subject, String from) {
        Instant arrival = Instant.EPOCH.plusSeconds(uid);
        return new SortKeys.Facts(uid, (int) uid, size, arrival,
                SortFieldsOf.of(Map.of("subject", List.of(subject), "from", List.of(from)), arrival));
    }
}
