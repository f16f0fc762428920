package io.mailfleet.model.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MailAddressPathTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            <user@example.com>                       | user@example.com
            # RFC 5321 §3.6.1: the relay example; the route is parsed and dropped.
            <@hosta.int,@jkl.org:userc@d.bar.org>    | userc@d.bar.org
            # RFC 5321 Appendix C.
            <@ONE,@TWO:JOE@THREE>                    | JOE@three
            <@a.example:"john doe"@example.com>      | "john doe"@example.com
            """)
    void dropsSourceRoute(String path, String mailbox) {
        assertThat(MailAddress.parsePath(path, false).toString()).isEqualTo(mailbox);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            user@example.com                          | enclosed in < >
            <user@example.com                         | enclosed in < >
            <>                                        | address is empty
            <@a.example:>                             | address is empty
            <@a.example user@c.example>               | not followed by ':'
            <@a.example,b.example:user@c.example>     | must be '@' and a domain
            <@-bad.example:user@c.example>            | must not start or end with '-'
            <@a.example,@:user@c.example>             | domain is empty
            """)
    void rejectsMalformedPath(String path, String reason) {
        assertThatThrownBy(() -> MailAddress.parsePath(path, false))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void limitsTheWholePathIncludingSourceRoute() {
        // Each element is valid and the mailbox is short; only the total exceeds the limit.
        String element = "@" + "r".repeat(63) + ".example";
        String path = "<" + String.join(",", element, element, element) + ":user@example.com>";

        assertThat(path).hasSize(237);
        assertThat(MailAddress.parsePath(path, false).toString()).isEqualTo("user@example.com");
        String tooLong = path.replace("user@", "u".repeat(24) + "@");
        assertThatThrownBy(() -> MailAddress.parsePath(tooLong, false))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("path is 257 octets, limit 256");
    }

    @Test
    void acceptsUtf8RouteOnlyWhenAllowed() {
        String path = "<@例子.广告:user@example.com>";

        assertThat(MailAddress.parsePath(path, true).toString()).isEqualTo("user@example.com");
        assertThatThrownBy(() -> MailAddress.parsePath(path, false))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("SMTPUTF8");
    }

    @Test
    void nullReversePathIsEmpty() {
        assertThat(MailAddress.parseReversePath("<>", false)).isEmpty();
        assertThat(MailAddress.parseReversePath("<bounce@example.com>", false))
                .contains(MailAddress.parse("bounce@example.com"));
    }
}
