package io.mailfleet.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.BodyType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The settings, transaction and result values check what they are given. */
class ValuesTest {

    @ParameterizedTest
    @ValueSource(strings = {"client.example", "mx-1.example.net", "[192.0.2.1]", "[IPv6:2001:db8::1]"})
    void heloNames(String name) {
        assertThat(SmtpClientSettings.defaults(name).heloName()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "client example", "cl\u00eent.example", "[]", "client.example\r\nRSET"})
    void badHeloNames(String name) {
        assertThatThrownBy(() -> SmtpClientSettings.defaults(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultsAreRfc5321sTimeoutsAndOpportunisticTls() {
        SmtpClientSettings settings = SmtpClientSettings.defaults("client.example");
        assertThat(settings.tlsMode()).isEqualTo(TlsMode.OPPORTUNISTIC);
        assertThat(settings.credentials()).isEmpty();
        StageTimeouts timeouts = settings.timeouts();
        assertThat(timeouts.of(Stage.GREETING)).isEqualTo(Duration.ofMinutes(5));
        assertThat(timeouts.of(Stage.MAIL)).isEqualTo(Duration.ofMinutes(5));
        assertThat(timeouts.of(Stage.RCPT)).isEqualTo(Duration.ofMinutes(5));
        assertThat(timeouts.of(Stage.DATA_INITIATION)).isEqualTo(Duration.ofMinutes(2));
        assertThat(timeouts.of(Stage.DATA_BLOCK)).isEqualTo(Duration.ofMinutes(3));
        assertThat(timeouts.of(Stage.DATA_TERMINATION)).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.withTimeout(Stage.RCPT, Duration.ofSeconds(1)).timeouts().of(Stage.RCPT))
                .isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> timeouts.with(Stage.RCPT, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void credentialsKeepThePasswordOutOfLogs() {
        assertThat(new Credentials("alice", "s3cret").toString()).doesNotContain("s3cret");
        assertThat(SmtpClientSettings.defaults("c.example").withCredentials(new Credentials("alice", "s3cret")).toString())
                .doesNotContain("s3cret");
        assertThatThrownBy(() -> new Credentials("al\0ice", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aUtf8AddressNeedsTheSmtpUtf8Flag() {
        assertThatThrownBy(() -> new MailTransaction(Optional.empty(), List.of(Dialogue.recipient("\u00e5sa@example.net")),
                10, BodyType.EIGHT_BIT_MIME, false, Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MailTransaction(Optional.of(MailAddress.parse("j\u00f6rg@example.org", true)),
                List.of(Dialogue.recipient("a@example.net")), 10, BodyType.SEVEN_BIT, false, Optional.empty(),
                Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTransactionHasRecipientsAndASize() {
        assertThatThrownBy(() -> MailTransaction.of(Optional.empty(), List.of(), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dialogue.transaction(-1, "a@example.net")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "plain | user@example.net | user@example.net",
        "plus and equals | a+b=c | a+2Bb+3Dc",
        "space | a b | a+20b",
        "UTF-8 octets | \u00e5 | +C3+A5",
    })
    void xtext(String name, String text, String encoded) {
        assertThat(Xtext.encode(text)).isEqualTo(encoded);
    }

    @Test
    void theEnhancedStatusTakesItsClassFromTheVerdict() {
        Reply refusal = new Reply(554, Optional.of("5.7.1"), List.of("no"));
        RecipientResult held = new RecipientResult(Dialogue.recipient("a@example.net"), DeliveryStatus.TEMPORARY,
                Stage.GREETING, new Diagnosis.Remote(refusal));
        assertThat(held.enhancedStatus()).isEqualTo("4.7.1");
    }

    @Test
    void repliesCheckTheirCode() {
        assertThatThrownBy(() -> new Reply(199, Optional.empty(), List.of("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reply(250, Optional.of("5.0.0"), List.of("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reply(250, Optional.empty(), List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
