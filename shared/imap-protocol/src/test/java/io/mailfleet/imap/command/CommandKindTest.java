package io.mailfleet.imap.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandKindTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            CAPABILITY   | true  | true  | true
            LOGOUT       | true  | true  | true
            STARTTLS     | true  | false | false
            LOGIN        | true  | false | false
            AUTHENTICATE | true  | false | false
            SELECT       | false | true  | true
            APPEND       | false | true  | true
            IDLE         | false | true  | true
            ENABLE       | false | true  | false
            FETCH        | false | false | true
            UID EXPUNGE  | false | false | true
            CLOSE        | false | false | true
            """)
    void saysInWhichStatesACommandIsLegal(String name, boolean notAuthenticated, boolean authenticated, boolean selected) {
        CommandKind kind = CommandKind.named(name).orElseThrow();
        assertThat(kind.isLegalIn(ImapState.NOT_AUTHENTICATED)).isEqualTo(notAuthenticated);
        assertThat(kind.isLegalIn(ImapState.AUTHENTICATED)).isEqualTo(authenticated);
        assertThat(kind.isLegalIn(ImapState.SELECTED)).isEqualTo(selected);
        assertThat(kind.isLegalIn(ImapState.LOGOUT)).isFalse();
    }

    /** RFC 3501 §7.4.1: no EXPUNGE during FETCH, STORE or SEARCH; the UID forms may see one. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            FETCH       | true  | false
            STORE       | true  | false
            SEARCH      | true  | false
            COPY        | true  | false
            SORT        | true  | false
            THREAD      | true  | false
            MOVE        | true  | true
            UID FETCH   | false | false
            UID STORE   | false | false
            UID SEARCH  | false | false
            UID MOVE    | false | true
            EXPUNGE     | false | true
            UID EXPUNGE | false | true
            CLOSE       | false | true
            NOOP        | false | false
            IDLE        | false | false
            """)
    void saysWhatACommandDoesToSequenceNumbers(String name, boolean uses, boolean expunges) {
        CommandKind kind = CommandKind.named(name).orElseThrow();
        assertThat(kind.usesSequenceNumbers()).isEqualTo(uses);
        assertThat(kind.mayExpunge()).isEqualTo(expunges);
        assertThat(kind.isUid()).isEqualTo(name.startsWith("UID "));
    }

    @Test
    void aUidCommandWithSequenceNumbersInItsCriteriaUsesThem() {
        assertThat(Parse.command("a UID SEARCH 1:4 SEEN\r\n").usesSequenceNumbers()).isTrue();
        assertThat(Parse.command("a UID SEARCH OR NOT 7 SEEN DRAFT\r\n").usesSequenceNumbers()).isTrue();
        assertThat(Parse.command("a UID SEARCH UID 1:4 SEEN\r\n").usesSequenceNumbers()).isFalse();
        assertThat(Parse.command("a UID SEARCH $\r\n").usesSequenceNumbers()).isFalse();
        assertThat(Parse.command("a UID SORT (DATE) UTF-8 1:2\r\n").usesSequenceNumbers()).isTrue();
        assertThat(Parse.command("a UID THREAD REFERENCES UTF-8 ALL\r\n").usesSequenceNumbers()).isFalse();
        assertThat(Parse.command("a SEARCH ALL\r\n").usesSequenceNumbers()).isTrue();
    }

    @Test
    void namesTheCapabilityThatOffersACommand() {
        assertThat(CommandKind.MOVE.capability()).contains("MOVE");
        assertThat(CommandKind.UID_EXPUNGE.capability()).contains("UIDPLUS");
        assertThat(CommandKind.COMPRESS.capability()).contains("COMPRESS=DEFLATE");
        assertThat(CommandKind.FETCH.capability()).isEmpty();
    }

    @Test
    void everyCommandButAppendHasAParserAndEveryNameIsFoundInAnyCase() {
        for (CommandKind kind : CommandKind.values()) {
            assertThat(kind.parser() == null).as(kind.wireName()).isEqualTo(kind == CommandKind.APPEND);
            assertThat(CommandKind.named(kind.wireName().toLowerCase(java.util.Locale.ROOT))).contains(kind);
        }
        assertThat(CommandKind.named("XYZZY")).isEmpty();
    }
}
