package io.mailfleet.imap.gateway.search;

import io.mailfleet.imap.response.ResponseWriter;
import io.mailfleet.imap.response.SearchData;
import io.mailfleet.imap.response.SearchData.ThreadNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The threading algorithms of RFC 5256 §3, rule by rule, with the RFC's own thread examples (§4). */
class ThreadingTest {

    private final List<Threading.Message> mailbox = new ArrayList<>();

    @Test
    void referencesBuildsTheTreeOfTheRfcExample() {
        // RFC 5256 §4: "(2)(3 6 (4 23)(44 7 96))": 3 has the reply 6, which has the replies 4 and 44.
        add(2, "a", "<2>", "", "");
        add(3, "b", "<3>", "", "");
        add(6, "Re: b", "<6>", "<3>", "<3>");
        add(4, "Re: b", "<4>", "<6>", "<3> <6>");
        add(23, "Re: b", "<23>", "<4>", "<3> <6> <4>");
        add(44, "Re: b", "<44>", "<6>", "<3> <6>");
        add(7, "Re: b", "<7>", "<44>", "<3> <6> <44>");
        add(96, "Re: b", "<96>", "<7>", "<3> <6> <44> <7>");
        assertThat(references()).isEqualTo("* THREAD (2)(3 6 (4 23)(44 7 96))");
    }

    @Test
    void repliesToAMessageNotInTheMailboxShareADummyParent() {
        // RFC 5256 §4: "((3)(5))", where 3 and 5 both reply to a message that is not there.
        add(3, "x", "<3>", "<gone>", "<gone>");
        add(5, "y", "<5>", "<gone>", "<gone>");
        assertThat(references()).isEqualTo("* THREAD ((3)(5))");
    }

    @Test
    void aSingleReplyToAMissingMessageStandsAlone() {
        add(1, "x", "<1>", "<gone>", "<gone>");
        assertThat(references()).isEqualTo("* THREAD (1)");
    }

    @Test
    void theMissingMiddleOfAChainIsSplicedOut() {
        // Step 4: a dummy below the root goes and its children take its place.
        add(1, "x", "<1>", "", "");
        add(2, "y", "<2>", "<gone>", "<1> <gone>");
        add(3, "z", "<3>", "<gone>", "<1> <gone>");
        assertThat(references()).isEqualTo("* THREAD (1 (2)(3))");
    }

    @Test
    void inReplyToServesWhenThereAreNoReferences() {
        add(1, "x", "<1>", "", "");
        add(2, "y", "<2>", "<1> (the first)", "");
        assertThat(references()).isEqualTo("* THREAD (1 2)");
    }

    @Test
    void aLinkBetweenReferencesOnceMadeIsKept() {
        // Step 1A: 2 is 1's child by the first reply's References; the second reply's cannot move it under 9.
        add(1, "x", "<1>", "", "");
        add(2, "y", "<2>", "", "");
        add(3, "z", "<3>", "", "<1> <2>");
        add(4, "w", "<4>", "", "<9> <2>");
        assertThat(references()).isEqualTo("* THREAD (1 2 (3)(4))");
    }

    @Test
    void theMessagesOwnReferencesDecideItsParent() {
        // Step 1B: 3's References put 4 under 1, but 4's own References name 2 as its parent.
        add(1, "x", "<1>", "", "");
        add(2, "y", "<2>", "", "");
        add(3, "z", "<3>", "", "<1> <4>");
        add(4, "w", "<4>", "", "<2>");
        assertThat(references()).isEqualTo("* THREAD (1)(2 4 3)");
    }

    @Test
    void noLinkMakesALoop() {
        add(1, "x", "<1>", "<2>", "<2>");
        add(2, "y", "<2>", "<1>", "<1>");
        assertThat(references()).isEqualTo("* THREAD (2 1)");
    }

    @Test
    void aDuplicateMessageIdBelongsToTheFirstMessageOnly() {
        add(1, "x", "<same>", "", "");
        add(2, "y", "<same>", "", "");
        add(3, "z", "<3>", "<same>", "<same>");
        assertThat(references()).isEqualTo("* THREAD (1 3)(2)");
    }

    @Test
    void aReplyWithoutHeadersJoinsTheOriginalBySubject() {
        // Step 5: the root that is a reply becomes a child of the root that is not.
        add(1, "Re: lunch", "<1>", "", "");
        add(2, "Lunch", "<2>", "", "");
        add(3, "other", "<3>", "", "");
        assertThat(references()).isEqualTo("* THREAD (2 1)(3)");
    }

    @Test
    void rootsWithTheSameSubjectGoUnderADummy() {
        add(1, "lunch", "<1>", "", "");
        add(2, "other", "<2>", "", "");
        add(3, "LUNCH", "<3>", "", "");
        add(4, "Re: lunch", "<4>", "", "");
        assertThat(references()).isEqualTo("* THREAD ((1)(3)(4))(2)");
    }

    @Test
    void emptySubjectsAreNotMerged() {
        add(1, "", "<1>", "", "");
        add(2, "Re:", "<2>", "", "");
        assertThat(references()).isEqualTo("* THREAD (1)(2)");
    }

    @Test
    void siblingsAndThreadsAreOrderedBySentDateThenSequence() {
        add(1, "x", "<1>", "", "");
        mailbox.add(new Threading.Message(2, 2, Instant.EPOCH.plusSeconds(9), "y", "<2>", "<1>", ""));
        mailbox.add(new Threading.Message(3, 3, Instant.EPOCH.plusSeconds(5), "z", "<3>", "<1>", ""));
        mailbox.add(new Threading.Message(4, 4, Instant.EPOCH, "w", "<4>", "", ""));
        assertThat(references()).isEqualTo("* THREAD (4)(1 (3)(2))");
    }

    @Test
    void orderedSubjectMakesTheOldestOfEachSubjectTheParent() {
        add(1, "lunch", "<1>", "", "");
        add(2, "other", "<2>", "", "");
        add(3, "Re: lunch", "<3>", "<1>", "");
        add(4, "RE: LUNCH", "<4>", "", "");
        add(5, "Re: other", "<5>", "", "");
        add(6, "third", "<6>", "", "");
        assertThat(render(Threading.orderedSubject(mailbox))).isEqualTo("* THREAD (1 (3)(4))(2 5)(6)");
    }

    @Test
    void noMessagesNoThreads() {
        assertThat(references()).isEqualTo("* THREAD");
        assertThat(render(Threading.orderedSubject(mailbox))).isEqualTo("* THREAD");
    }

    /** A message sent at second {@code number}, so that sequence and date orders agree. */
    private void add(int number, String subject, String messageId, String inReplyTo, String references) {
        mailbox.add(new Threading.Message(number, number, Instant.EPOCH.plusSeconds(100 + number), subject, messageId,
                inReplyTo, references));
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
