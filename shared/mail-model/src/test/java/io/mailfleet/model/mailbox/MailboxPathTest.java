package io.mailfleet.model.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MailboxPathTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            INBOX               | INBOX
            inbox               | INBOX
            InBoX               | INBOX
            inbox/child         | INBOX/child
            iNbOx/a/inbox       | INBOX/a/inbox
            Archive/inbox       | Archive/inbox
            INBOXES             | INBOXES
            Sent Items          | Sent Items
            Entwürfe            | Entwürfe
            # A dotless i is not an ASCII "i": this is another mailbox.
            ınbox               | ınbox
            """)
    void normalisesInbox(String input, String expected) {
        assertThat(MailboxPath.parse(input).toString()).isEqualTo(expected);
    }

    @Test
    void normalisesToNfc() {
        MailboxPath decomposed = MailboxPath.parse("Cafe\u0301");

        assertThat(decomposed.toString()).isEqualTo("Caf\u00e9");
        assertThat(decomposed).isEqualTo(MailboxPath.parse("Caf\u00e9"));
    }

    static Stream<Arguments> invalidPaths() {
        return Stream.of(
                arguments("", "empty"),
                arguments("/", "empty level"),
                arguments("/INBOX", "empty level"),
                arguments("INBOX/", "empty level"),
                arguments("a//b", "empty level"),
                arguments("a\u0000b", "control character U+0000"),
                arguments("a\tb", "control character U+0009"),
                arguments("a\u007Fb", "control character U+007F"),
                arguments("a\u0085b", "control character U+0085"),
                arguments("a\uD800b", "unpaired surrogate"),
                arguments("x".repeat(MailboxPath.MAX_LENGTH + 1), "1025 characters, limit 1024"),
                arguments("a/".repeat(MailboxPath.MAX_DEPTH) + "a", "33 levels, limit 32"));
    }

    @ParameterizedTest
    @MethodSource("invalidPaths")
    void rejectsInvalidPath(String input, String reason) {
        assertThatThrownBy(() -> MailboxPath.parse(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void acceptsTheLimits() {
        assertThat(MailboxPath.parse("x".repeat(MailboxPath.MAX_LENGTH)).toString()).hasSize(1024);
        assertThat(MailboxPath.parse("a/".repeat(MailboxPath.MAX_DEPTH - 1) + "a").depth()).isEqualTo(32);
    }

    @Test
    void navigatesTheHierarchy() {
        MailboxPath path = MailboxPath.parse("inbox/Lists/mailfleet");

        assertThat(path.segments()).containsExactly("INBOX", "Lists", "mailfleet");
        assertThat(path.name()).isEqualTo("mailfleet");
        assertThat(path.depth()).isEqualTo(3);
        assertThat(path.parent()).contains(MailboxPath.parse("INBOX/Lists"));
        assertThat(MailboxPath.INBOX.parent()).isEmpty();
        assertThat(MailboxPath.INBOX.child("Lists").child("mailfleet")).isEqualTo(path);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            a/b  | delimiter '/'
            ''   | empty level
            a\tb | control character
            """)
    void childIsOneValidLevel(String name, String reason) {
        assertThatThrownBy(() -> MailboxPath.INBOX.child(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void childKeepsCaseOfLowerLevels() {
        assertThat(MailboxPath.parse("Archive").child("inbox").toString()).isEqualTo("Archive/inbox");
    }

    @Test
    void childRespectsDepthLimit() {
        MailboxPath deepest = MailboxPath.parse("a/".repeat(MailboxPath.MAX_DEPTH - 1) + "a");

        assertThatThrownBy(() -> deepest.child("b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("33 levels");
    }

    @Test
    void recognisesInbox() {
        assertThat(MailboxPath.parse("inbox").isInbox()).isTrue();
        assertThat(MailboxPath.parse("INBOX/child").isInbox()).isFalse();
        assertThat(MailboxPath.parse("Archive").isInbox()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            INBOX       | INBOX/a     | true
            INBOX       | inbox/a/b   | true
            INBOX/a     | INBOX/a/b   | true
            INBOX       | INBOX       | false
            INBOX/a     | INBOX/ab    | false
            INBOX/a/b   | INBOX/a     | false
            Archive     | INBOX/a     | false
            a           | A/b         | false
            """)
    void decidesAncestry(String ancestor, String descendant, boolean expected) {
        assertThat(MailboxPath.parse(ancestor).isAncestorOf(MailboxPath.parse(descendant))).isEqualTo(expected);
    }
}
