package io.mailfleet.mime.field;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Message IDs as RFC 5256 §3 compares them: every valid one of a field, in order, normalized. */
class MessageIdsTest {

    @Test
    void theRfcsTwoSpellingsOfOneMessageIdAreOne() {
        assertThat(MessageIds.of("<\"01KF8JCEOCBS0045PS\"@xxx.yyy.com>"))
                .containsExactly("01KF8JCEOCBS0045PS@xxx.yyy.com")
                .isEqualTo(MessageIds.of("<01KF8JCEOCBS0045PS@xxx.yyy.com>"));
    }

    @Test
    void aReferencesFieldGivesItsIdsInOrderPastCommentsAndFolding() {
        assertThat(MessageIds.of("<1@a.example> (first (nested) <not@an.id>)\r\n <2@b.example>\t<3@c.example>"))
                .containsExactly("1@a.example", "2@b.example", "3@c.example");
    }

    @Test
    void quotedPairsAreUnquotedAndTheObsoleteSyntaxLosesItsWhiteSpaceAndComments() {
        assertThat(MessageIds.of("<\"a\\\"b\"@host>")).containsExactly("a\"b@host");
        assertThat(MessageIds.of("< local . part (old) @ host.example >")).containsExactly("local.part@host.example");
    }

    @Test
    void anOldInReplyToPhraseIsPassedOver() {
        assertThat(MessageIds.of("\"your message of <Mon>\" <orig@host.example>")).containsExactly("orig@host.example");
    }

    @Test
    void bracketedTextThatIsNoMessageIdIsLeftOut() {
        assertThat(MessageIds.of("<no-at-sign> <@host> <local@> <> <ok@host>")).containsExactly("ok@host");
    }

    @Test
    void anUnclosedBracketSpoilsOnlyItself() {
        assertThat(MessageIds.of("<broken@host <next@host>")).containsExactly("next@host");
        assertThat(MessageIds.of("<last@host")).isEmpty();
        assertThat(MessageIds.of("<\"unterminated@host>")).isEmpty();
    }

    @Test
    void noFieldNoIds() {
        assertThat(MessageIds.of(null)).isEmpty();
        assertThat(MessageIds.of("")).isEmpty();
        assertThat(MessageIds.of("   (just a comment)")).isEmpty();
    }
}
