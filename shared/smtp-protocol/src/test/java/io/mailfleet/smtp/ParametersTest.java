package io.mailfleet.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailfleet.model.event.BodyType;
import io.mailfleet.model.event.DsnNotify;
import io.mailfleet.model.event.DsnReturn;
import io.mailfleet.model.event.OriginalRecipient;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ESMTP parameters: SIZE, BODY, SMTPUTF8 and DSN (RFC 1870, 6152, 6531, 3461). */
class ParametersTest {

    private static Envelope envelopeOf(String mail, String rcpt) {
        Harness h = Harness.mx();
        List<Effect> e = h.send("EHLO c.example\r\n" + mail + "\r\n" + rcpt + "\r\nDATA\r\n");
        return Harness.of(e, Effect.MessageStarted.class).get(0).envelope();
    }

    @Test
    void dsnAndBodyParametersReachTheEnvelope() {
        Envelope envelope = envelopeOf("MAIL FROM:<a@c.example> RET=HDRS ENVID=QQ314159+2B1 BODY=8bitmime SIZE=100",
                "RCPT TO:<b@d.example> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b+2Bx@d.example");
        assertThat(envelope.dsnReturn()).contains(DsnReturn.HDRS);
        assertThat(envelope.envelopeId()).contains("QQ314159+1");
        assertThat(envelope.bodyType()).isEqualTo(BodyType.EIGHT_BIT_MIME);
        assertThat(envelope.declaredSize()).isEqualTo(OptionalLong.of(100));
        assertThat(envelope.recipients().get(0).dsnNotify()).containsExactly(DsnNotify.SUCCESS, DsnNotify.FAILURE);
        assertThat(envelope.recipients().get(0).originalRecipient())
                .contains(new OriginalRecipient("rfc822", "b+x@d.example"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "MAIL FROM:<a@c.example> RET=PART | 501 5.5.4",
        "MAIL FROM:<a@c.example> BODY=9BIT | 501 5.5.4",
        "MAIL FROM:<a@c.example> SIZE=ten | 501 5.5.4",
        "MAIL FROM:<a@c.example> ENVID=a+zz | 501 5.5.4",
        "MAIL FROM:<a@c.example> SMTPUTF8=yes | 501 5.5.4",
        "MAIL FROM:<a@c.example> AUTH=<> | 555 5.5.4",
        "MAIL FROM:<a@c.example>SIZE=1 | 501 5.5.4",
        "MAIL FROM:<jöran@c.example> | 553 5.6.7",
        "MAIL FROM:<jöran@c.example> SMTPUTF8 | 250 2.1.0",
        "MAIL FROM:<a@c.example> SMTPUTF8 BODY=BINARYMIME | 250 2.1.0",
    })
    void mailParameterReplies(String command, String expected) {
        Harness h = Harness.mx();
        h.send("EHLO c.example\r\n");
        assertThat(Harness.replies(h.send(command + "\r\n"))).startsWith(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "RCPT TO:<b@d.example> NOTIFY=NEVER,SUCCESS | 501 5.5.4",
        "RCPT TO:<b@d.example> NOTIFY=SOMETIMES | 501 5.5.4",
        "RCPT TO:<b@d.example> ORCPT=rfc822 | 501 5.5.4",
        "RCPT TO:<b@d.example> NOTIFY=NEVER | 250 2.1.5",
        "RCPT TO:<jöran@d.example> | 553 5.6.7",
    })
    void rcptParameterReplies(String command, String expected) {
        Harness h = Harness.mx();
        h.send("EHLO c.example\r\nMAIL FROM:<a@c.example>\r\n");
        assertThat(Harness.replies(h.send(command + "\r\n"))).startsWith(expected);
    }

    @Test
    void utf8RecipientIsAcceptedWithSmtpUtf8() {
        Envelope envelope = envelopeOf("MAIL FROM:<a@c.example> SMTPUTF8", "RCPT TO:<jöran@d.example>");
        assertThat(envelope.smtpUtf8()).isTrue();
        assertThat(envelope.recipients().get(0).address()).isEqualTo("jöran@d.example");
    }

    @Test
    void authParameterIsAcceptedWhereAuthIsOffered() {
        Harness h = Harness.submission();
        assertThat(Harness.replies(h.send("MAIL FROM:<alice@example.net> AUTH=<>\r\n"))).startsWith("250 2.1.0");
    }

    @Test
    void xtextDecoding() {
        assertThat(Xtext.decode("a+2Bb+3Dc")).isEqualTo("a+b=c");
        assertThatThrownBy(() -> Xtext.decode("a+2b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Xtext.decode("a=b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullReversePathIsEmpty() {
        assertThat(envelopeOf("MAIL FROM:<>", "RCPT TO:<b@d.example>").reversePath()).isEqualTo(Optional.empty());
    }
}
