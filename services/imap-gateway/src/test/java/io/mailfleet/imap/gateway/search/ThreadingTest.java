package io.mailfleet.imap.gateway.search;

import io.mailfleet.imap.response.ResponseWriter;
import io.mailfleet.imap.response.SearchData;
import io.mailfleet.imap.response.SearchData.ThreadNode;
import io.mailfleet.quarkus.content.SortFieldsOf;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The threading algorithms of RFC 5256 §3, rule by rule, with the RFC's own thread examples (§4). */
class ThreadingTest {

    private final List<Threading.Message> mailbox = new ArrayList<>();

    @Test
    void referencesBuildsTheTreeOfTheRfcExample() {
        // RFC 5256 §4: "(2)(3 6 (4 23)(44 7 96))": 3 has the reply 6, which has the replies 4 and 44.
        add(2, "a", "<2@x>", "", "");
        add(3, "b", "<3@x>", "", "");
        add(6, "Re: b", "<6@x>", "<3@x>", "<3@x>");
        add(4, "Re: b", "<4@x>", "<6@x>", "<3@x> <6@x>");
        add(23, "Re: b", "<23@x>", "<4@x>", "<3@x> <6@x> <4@x>");
        add(44, "Re: b", "<44@x>", "<6@x>", "<3@x> <6@x>");
        add(7, "Re: b", "<7@x>", "<44@x>", "<3@x> <6@x> <44@x>");
        add(96, "Re: b", "<96@x>", "<7@x>", "<3@x> <6@x> <44@x> <7@x>");
        assertThat(references()).isEqualTo("* THREAD (2)(3 6 (4 23)(44 7 96))");
    }

    @Test
    void repliesToAMessageNotInTheMailboxShareADummyParent() {
        // RFC 5256 §4: "((3)(5))", where 3 and 5 both reply to a message that is not there.
        add(3, "x", "<3@x>", "<gone@x>", "<gone@x>");
        add(5, "y", "<5@x>", "<gone@x>", "<gone@x>");
        assertThat(references()).isEqualTo("* THREAD ((3)(5))");
    }

    @Test
    void aSingleReplyToAMissingMessageStandsAlone() {
        add(1, "x", "<1@x>", "<gone@x>", "<gone@x>");
        assertThat(references()).isEqualTo("* THREAD (1)");
    }

    @Test
    void theMissingMiddleOfAChainIsSplicedOut() {
        // Step 4: a dummy below the root goes and its children take its place.
        add(1, "x", "<1@x>", "", "");
        add(2, "y", "<2@x>", "<gone@x>", "<1@x> <gone@x>");
        add(3, "z", "<3@x>", "<gone@x>", "<1@x> <gone@x>");
        assertThat(references()).isEqualTo("* THREAD (1 (2)(3))");
    }

    @Test
    void inReplyToServesWhenThereAreNoReferences() {
        add(1, "x", "<1@x>", "", "");
        add(2, "y", "<2@x>", "<1@x> (the first)", "");
        assertThat(references()).isEqualTo("* THREAD (1 2)");
    }

    @Test
    void messageIdsMatchWhateverTheirQuoting() {
        // RFC 5256 §3: <"01KF8JCEOCBS0045PS"@xxx.yyy.com> and <01KF8JCEOCBS0045PS@xxx.yyy.com> are one Message ID.
        add(1, "x", "<\"01KF8JCEOCBS0045PS\"@xxx.yyy.com>", "", "");
        add(2, "y", "<2@x>", "", "<01KF8JCEOCBS0045PS@xxx.yyy.com>");
        add(3, "z", "<3@x>", "<2@x> (the reply)", "");
        assertThat(references()).isEqualTo("* THREAD (1 2 3)");
    }

    @Test
    void aLinkBetweenReferencesOnceMadeIsKept() {
        // Step 1A: 2 is 1's child by the first reply's References; the second reply's cannot move it under 9.
        add(1, "x", "<1@x>", "", "");
        add(2, "y", "<2@x>", "", "");
        add(3, "z", "<3@x>", "", "<1@x> <2@x>");
        add(4, "w", "<4@x>", "", "<9@x> <2@x>");
        assertThat(references()).isEqualTo("* THREAD (1 2 (3)(4))");
    }

    @Test
    void theMessagesOwnReferencesDecideItsParent() {
        // Step 1B: 3's References put 4 under 1, but 4's own References name 2 as its parent.
        add(1, "x", "<1@x>", "", "");
        add(2, "y", "<2@x>", "", "");
        add(3, "z", "<3@x>", "", "<1@x> <4@x>");
        add(4, "w", "<4@x>", "", "<2@x>");
        assertThat(references()).isEqualTo("* THREAD (1)(2 4 3)");
    }

    @Test
    void noLinkMakesALoop() {
        add(1, "x", "<1@x>", "<2@x>", "<2@x>");
        add(2, "y", "<2@x>", "<1@x>", "<1@x>");
        assertThat(references()).isEqualTo("* THREAD (2 1)");
    }

    @Test
    void aDuplicateMessageIdBelongsToTheFirstMessageOnly() {
        add(1, "x", "<same@x>", "", "");
        add(2, "y", "<same@x>", "", "");
        add(3, "z", "<3@x>", "<same@x>", "<same@x>");
        assertThat(references()).isEqualTo("* THREAD (1 3)(2)");
    }

    @Test
    void aReplyWithoutHeadersJoinsTheOriginalBySubject() {
        // Step 5: the root that is a reply becomes a child of the root that is not.
        add(1, "Re: lunch", "<1@x>", "", "");
        add(2, "Lunch", "<2@x>", "", "");
        add(3, "other", "<3@x>", "", "");
        assertThat(references()).isEqualTo("* THREAD (2 1)(3)");
    }

    @Test
    void rootsWithTheSameSubjectGoUnderADummy() {
        add(1, "lunch", "<1@x>", "", "");
        add(2, "other", "<2@x>", "", "");
        add(3, "LUNCH", "<3@x>", "", "");
        add(4, "Re: lunch", "<4@x>", "", "");
        assertThat(references()).isEqualTo("* THREAD ((1)(3)(4))(2)");
    }

    @Test
    void emptySubjectsAreNotMerged() {
        add(1, "", "<1@x>", "", "");
        add(2, "Re:", "<2@x>", "", "");
        assertThat(references()).isEqualTo("* THREAD (1)(2)");
    }

    @Test
    void siblingsAndThreadsAreOrderedBySentDateThenSequence() {
        add(1, "x", "<1@x>", "", "");
        add(2, Instant.EPOCH.plusSeconds(9), "y", "<2@x>", "<1@x>", "");
        add(3, Instant.EPOCH.plusSeconds(5), "z", "<3@x>", "<1@x>", "");
        add(4, Instant.EPOCH, "w", "<4@x>", "", "");
        assertThat(references()).isEqualTo("* THREAD (4)(1 (3)(2))");
    }

    @Test
    void orderedSubjectMakesTheOldestOfEachSubjectTheParent() {
        add(1, "lunch", "<1@x>", "", "");
        add(2, "other", "<2@x>", "", "");
        add(3, "Re: lunch", "<3@x>", "<1@x>", "");
        add(4, "RE: LUNCH", "<4@x>", "", "");
        add(5, "Re: other", "<5@x>", "", "");
        add(6, "third", "<6@x>", "", "");
        assertThat(render(Threading.orderedSubject(mailbox))).isEqualTo("* THREAD (1 (3)(4))(2 5)(6)");
    }

    @Test
    void noMessagesNoThreads() {
        assertThat(references()).isEqualTo("* THREAD");
        assertThat(render(Threading.orderedSubject(mailbox))).isEqualTo("* THREAD");
    }

    /** A message sent at second {@code number}, so that sequence and date orders agree. */
    private void add(int number, String subject, String messageId, String inReplyTo, String references) {
        add(number, Instant.EPOCH.plusSeconds(100 + number), subject, messageId, inReplyTo, references);
    }

    /** A message with these header fields, its facts worked out as delivery works out those its row keeps. */
    private void add(int number, Instant sent, String subject, String messageId, String inReplyTo, String references) {
        Map<String, List<String>> headers = Map.of("subject", List.of(subject), "message-id", List.of(messageId),
                "in-reply-to", List.of(inReplyTo), "references", List.of(references));
        mailbox.add(new Threading.Message(number, number, SortFieldsOf.of(headers, sent)));
    }

    private String references() {
        return render(Threading.references(mailbox));
    }

    private static String render(List<ThreadNode> threads) {
        ResponseWriter out = new ResponseWriter(true);
        new SearchData.Threads(threads).writeTo(out);
        return new String(out.toBytes(), StandardCharsets.UTF_8).strip();
    }
}
