package io.mailfleet.imap.gateway.search;

import io.mailfleet.imap.command.CommandTable;
import io.mailfleet.imap.command.SearchCommand;
import io.mailfleet.imap.command.SearchKey;
import io.mailfleet.imap.wire.ImapReader;
import io.mailfleet.imap.wire.ReaderEvent;
import io.mailfleet.imap.wire.ReaderLimits;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every search key of RFC 9051 §6.4.4 (and RFC 3501's) on one message, parsed from the wire as a client
 * sends it: message 3 of 5, UID 30 of at most 50, seen and flagged, 2,000 octets, received 5 Nov 2026
 * 12:00 UTC, sent 4 Nov 2026 23:30 -0500 (5 Nov in UTC), saved into its mailbox 7 Nov 2026 09:00 UTC.
 */
class SearchEvaluatorTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-05T12:00:00Z");
    private static final String TEXT = "From: Alice <alice@example.org>\r\nSubject: Quarterly report\r\n\r\nNumbers attached.\r\n";

    private static final Candidate MESSAGE = new Candidate(30, 3, Flags.of(Flag.SEEN, Flag.FLAGGED, Flag.parse("$Work")),
            2000, RECEIVED, Instant.parse("2026-11-07T09:00:00Z"), 77, "M0123456789ABCDEFGHJKMNPQR",
            Map.of("from", List.of("Alice <alice@example.org>"), "subject", List.of("Quarterly report"),
                    "to", List.of("bob@example.net"), "x-mailer", List.of("")),
            () -> OffsetDateTime.parse("2026-11-04T23:30:00-05:00"),
            needle -> contains(TEXT, needle), needle -> contains("Numbers attached.\r\n", needle));

    /** The message as a search reads it when its key tests no more of the row than its UID, size and texts. */
    private static final Candidate WITHOUT_WHOLE_ROW = new Candidate(MESSAGE.uid(), MESSAGE.msn(), null, MESSAGE.size(), null,
            null, 0, null, MESSAGE.headers(), MESSAGE.sentDate(), MESSAGE.textContains(), MESSAGE.bodyContains());

    private final SearchEvaluator evaluator = new SearchEvaluator(5, 50, new long[] {10, 30}, RECEIVED.plusSeconds(3600));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "ALL | true",
            "SEEN | true", "UNSEEN | false", "FLAGGED | true", "UNFLAGGED | false", "ANSWERED | false",
            "UNANSWERED | true", "DELETED | false", "UNDELETED | true", "DRAFT | false", "UNDRAFT | true",
            "KEYWORD $Work | true", "UNKEYWORD $Work | false", "KEYWORD $Other | false",
            "NEW | false", "OLD | true", "RECENT | false",
            "FROM alice | true", "FROM ALICE@EXAMPLE | true", "FROM carol | false", "TO bob | true", "CC bob | false",
            "BCC bob | false", "SUBJECT quarterly | true", "SUBJECT \"Quarterly report\" | true",
            "HEADER X-Mailer \"\" | true", "HEADER X-Spam \"\" | false", "HEADER Subject report | true",
            "BODY numbers | true", "BODY quarterly | false", "TEXT quarterly | true", "TEXT attached | true",
            "TEXT missing | false",
            "BEFORE 6-Nov-2026 | true", "BEFORE 5-Nov-2026 | false", "ON 5-Nov-2026 | true", "SINCE 5-Nov-2026 | true",
            "SINCE 6-Nov-2026 | false",
            "SENTON 4-Nov-2026 | true", "SENTON 5-Nov-2026 | false", "SENTBEFORE 5-Nov-2026 | true",
            "SENTSINCE 4-Nov-2026 | true", "SENTSINCE 5-Nov-2026 | false",
            "SAVEDON 7-Nov-2026 | true", "SAVEDON 5-Nov-2026 | false", "SAVEDBEFORE 7-Nov-2026 | false",
            "SAVEDBEFORE 8-Nov-2026 | true", "SAVEDSINCE 7-Nov-2026 | true", "SAVEDSINCE 8-Nov-2026 | false",
            "SAVEDATESUPPORTED | true",
            "LARGER 1999 | true", "LARGER 2000 | false", "SMALLER 2001 | true", "SMALLER 2000 | false",
            "OLDER 3600 | true", "OLDER 3601 | false", "YOUNGER 3600 | true", "YOUNGER 3599 | false",
            "3 | true", "1:2 | false", "2:* | true", "* | false", "$ | true",
            "UID 30 | true", "UID 1:29 | false", "UID 31:* | false", "UID * | false", "UID $ | true",
            "MODSEQ 77 | true", "MODSEQ 78 | false",
            "EMAILID M0123456789ABCDEFGHJKMNPQR | true", "EMAILID Mother | false", "THREADID T1 | false",
            "OR FROM carol SUBJECT report | true", "OR FROM carol TO carol | false",
            "NOT SEEN | false", "NOT FROM carol | true",
            "(SEEN FLAGGED) | true", "SEEN UNFLAGGED | false", "SEEN NOT DELETED SINCE 1-Jan-2026 | true",
    })
    void everyKeyOfTheRfcIsEvaluated(String criteria, boolean expected) {
        SearchKey key = parse(criteria).key();
        assertThat(evaluator.matches(key, MESSAGE)).isEqualTo(expected);
        if (!KeyNeeds.wholeRows(key)) {
            // Such a search reads no flags, dates, MODSEQ or Message-ID: they must not change its answer.
            assertThat(evaluator.matches(key, WITHOUT_WHOLE_ROW)).as("without the whole row").isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "BODY numbers | false", "TEXT quarterly | false", "FROM alice | false", "SENTON 4-Nov-2026 | false",
            "LARGER 1999 | false", "3 | false", "UID 30 | false", "$ | false", "RECENT | false", "THREADID T1 | false",
            "ALL | false", "SAVEDATESUPPORTED | false", "NOT (BODY numbers OR 1 SUBJECT x) | false",
            "SEEN | true", "KEYWORD $Work | true", "ON 5-Nov-2026 | true", "SAVEDON 7-Nov-2026 | true", "OLDER 3600 | true",
            "MODSEQ 77 | true", "EMAILID M0123456789ABCDEFGHJKMNPQR | true", "BODY numbers OR 1 NOT DELETED | true",
    })
    void onlyKeysOnFlagsDatesModSeqOrMessageIdReadWholeRows(String criteria, boolean wholeRows) {
        assertThat(KeyNeeds.wholeRows(parse(criteria).key())).isEqualTo(wholeRows);
    }

    /** A key every message's evaluation starts with a text test of: its texts may be read ahead, else only when one asks. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "BODY numbers | true", "TEXT quarterly | true", "BODY numbers UNSEEN | true", "(TEXT a BODY b) SEEN | true",
            "OR BODY numbers SUBJECT x | true", "NOT BODY numbers | true",
            "UNSEEN BODY numbers | false", "OR SUBJECT x BODY numbers | false", "UID 1:10 BODY numbers | false",
            "SUBJECT numbers | false", "ALL | false",
    })
    void onlyKeysStartingWithATextTestReadEveryMessagesText(String criteria, boolean everyMessage) {
        assertThat(KeyNeeds.textOfEveryMessage(parse(criteria).key())).isEqualTo(everyMessage);
    }

    @Test
    void aRowWithoutSaveDateIsSavedOnItsInternalDate() {
        Candidate old = new Candidate(MESSAGE.uid(), MESSAGE.msn(), MESSAGE.flags(), MESSAGE.size(), RECEIVED, null,
                MESSAGE.modSeq(), MESSAGE.emailId(), MESSAGE.headers(), MESSAGE.sentDate(), MESSAGE.textContains(),
                MESSAGE.bodyContains());
        assertThat(evaluator.matches(parse("SAVEDON 5-Nov-2026").key(), old)).isTrue();
        assertThat(evaluator.matches(parse("SAVEDON 7-Nov-2026").key(), old)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ALL", "FLAGGED", "BODY numbers", "SUBJECT quarterly", "BEFORE 6-Nov-2026"})
    void aSearchReadsTheSentDateOnlyWhenASentKeyIsEvaluated(String criteria) {
        Candidate undated = new Candidate(MESSAGE.uid(), MESSAGE.msn(), MESSAGE.flags(), MESSAGE.size(), RECEIVED,
                MESSAGE.saveDate(), MESSAGE.modSeq(), MESSAGE.emailId(), MESSAGE.headers(), () -> {
                    throw new AssertionError("the sent date was read for " + criteria);
                }, MESSAGE.textContains(), MESSAGE.bodyContains());
        assertThat(evaluator.matches(parse(criteria).key(), undated)).isTrue();
    }

    @Test
    void aMessageWithoutAReadableDateIsSentOnNoDay() {
        Candidate undated = new Candidate(MESSAGE.uid(), MESSAGE.msn(), MESSAGE.flags(), MESSAGE.size(), RECEIVED,
                MESSAGE.saveDate(), MESSAGE.modSeq(), MESSAGE.emailId(), MESSAGE.headers(), () -> null,
                MESSAGE.textContains(), MESSAGE.bodyContains());
        assertThat(evaluator.matches(parse("SENTON 4-Nov-2026").key(), undated)).isFalse();
        assertThat(evaluator.matches(parse("SENTBEFORE 1-Jan-2100").key(), undated)).isFalse();
        assertThat(evaluator.matches(parse("SENTSINCE 1-Jan-1970").key(), undated)).isFalse();
    }

    @Test
    void bodyKeysScanTheStreamWithoutCaseAcrossBufferBoundaries() throws Exception {
        byte[] large = ("x".repeat(20_000) + "NeedLE" + "y".repeat(20_000)).getBytes(StandardCharsets.US_ASCII);
        assertThat(StreamSearch.contains(new ByteArrayInputStream(large), "needle")).isTrue();
        assertThat(StreamSearch.contains(new ByteArrayInputStream(large), "needles")).isFalse();
        assertThat(StreamSearch.contains(new ByteArrayInputStream("aab".getBytes(StandardCharsets.US_ASCII)), "ab")).isTrue();
    }

    private static boolean contains(String text, String needle) {
        try {
            return StreamSearch.contains(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), needle);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SearchCommand parse(String criteria) {
        ImapReader reader = new ImapReader(ReaderLimits.defaults());
        reader.feed(ByteBuffer.wrap(("a SEARCH " + criteria + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        return (SearchCommand) CommandTable.parse((ReaderEvent.Command) reader.next());
    }
}
