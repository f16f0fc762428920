package io.mailfleet.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.Listener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5321 §4.5.1: {@code RCPT TO:<Postmaster>} without a domain, in any case, is the operator's postmaster. */
class PostmasterTest {

    @ParameterizedTest(name = "RCPT TO:{0} with postmaster {1} asks for {2}")
    @CsvSource(delimiter = '|', value = {
            "<postmaster>                  | postmaster@primary.example | postmaster@primary.example",
            "<POSTMASTER>                  | hostmaster@primary.example | hostmaster@primary.example",
            "<Postmaster>                  |                            | postmaster@mx.example.net",
            "<postmaster@other.example>    | postmaster@primary.example | postmaster@other.example"})
    void aBarePostmasterIsTheConfiguredMailbox(String path, String configured, String expected) {
        SmtpSettings defaults = SmtpSettings.defaults(Harness.HOST, Listener.MX);
        Harness h = new Harness(configured == null ? defaults : defaults.withPostmaster(MailAddress.parse(configured)));
        List<String> asked = new ArrayList<>();
        h.policy = question -> {
            if (question instanceof Question.CheckRecipient check) {
                asked.add(check.address().toString());
            }
            return Harness.DEFAULT_POLICY.apply(question);
        };
        List<Effect> effects = h.send("EHLO c.example\r\nMAIL FROM:<>\r\nRCPT TO:" + path + "\r\n");
        assertThat(asked).containsExactly(expected);
        assertThat(Harness.codes(effects)).endsWith(250);
    }
}
