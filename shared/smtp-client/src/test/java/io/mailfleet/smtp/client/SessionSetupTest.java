package io.mailfleet.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.smtp.client.TransactionResult.Retry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Greeting, EHLO and HELO, STARTTLS and AUTH, as dialogues. */
class SessionSetupTest {

    private static final MailTransaction MESSAGE = Dialogue.transaction(100, "bob@example.net");

    private static Dialogue withTls(TlsMode mode) {
        return new Dialogue(SmtpClientSettings.defaults(Dialogue.HELO).withTlsMode(mode)).send(MESSAGE);
    }

    private static Dialogue withCredentials(SmtpClientSettings settings) {
        return new Dialogue(settings.withCredentials(new Credentials("alice", "s3cret"))).send(MESSAGE);
    }

    /** The lock-step transaction after setup, delivered. */
    private static final String[] DELIVERY = {
        "C: MAIL FROM:<alice@example.org>",
        "S: 250 2.1.0 Ok",
        "C: RCPT TO:<bob@example.net>",
        "S: 250 2.1.5 Ok",
        "C: DATA",
        "S: 354 go ahead",
        "BODY",
        "S: 250 2.0.0 queued",
    };

    private static Dialogue playAll(Dialogue d, String[] steps, String... more) {
        d.play(steps);
        return d.play(more);
    }

    @Test
    void heloFallbackWhenEhloIsRefusedThenNoExtensionsAreUsed() {
        Dialogue d = Dialogue.plain().send(MESSAGE).play(
                "S: 220 old.example.net SMTP",
                "C: EHLO client.example",
                "S: 502 5.5.1 Command not implemented",
                "C: HELO client.example",
                "S: 250 old.example.net");
        assertThat(d.session.capabilities()).isEqualTo(Capabilities.NONE);
        d.play(DELIVERY);
        assertThat(d.outcomes()).containsExactly("bob@example.net DELIVERED 2.0.0");
        assertThat(d.session.isIdle()).isTrue();
    }

    @Test
    void heloRefusedToo() {
        Dialogue d = Dialogue.plain().send(MESSAGE).play(
                "S: 220 old.example.net SMTP",
                "C: EHLO client.example",
                "S: 500 what",
                "C: HELO client.example",
                "S: 550 5.7.1 go away",
                "C: QUIT");
        assertThat(d.outcomes()).containsExactly("bob@example.net TEMPORARY 4.7.1");
        assertThat(d.result().recipients().get(0).stage()).isEqualTo(Stage.HELLO);
        assertThat(d.closed()).isTrue();
    }

    @Test
    void aTemporaryEhloRefusalIsNotAnsweredWithHelo() {
        Dialogue d = Dialogue.plain().send(MESSAGE).play(
                "S: 220 mx.example.net ESMTP",
                "C: EHLO client.example",
                "S: 451 4.3.2 try later",
                "C: QUIT");
        assertThat(d.outcomes()).containsExactly("bob@example.net TEMPORARY 4.3.2");
        assertThat(d.closed()).isTrue();
    }

    @Test
    void aRefusingGreetingFailsTemporarilyAndQuits() {
        // RFC 5321 §3.1: after a 554 greeting the client should QUIT. A refusal by this host is
        // no verdict on the recipient: another MX, or a later try, may take the message.
        Dialogue d = Dialogue.plain().send(MESSAGE).play(
                "S: 554 5.7.1 no service for you",
                "C: QUIT");
        assertThat(d.outcomes()).containsExactly("bob@example.net TEMPORARY 4.7.1");
        RecipientResult result = d.result().recipients().get(0);
        assertThat(result.stage()).isEqualTo(Stage.GREETING);
        assertThat(result.diagnosis()).isEqualTo(new Diagnosis.Remote(
                new Reply(554, Optional.of("5.7.1"), List.of("no service for you"))));
        assertThat(d.closed()).isTrue();
    }

    @Test
    void startTlsWhenOfferedThenEhloAgainAndThePlaintextExtensionsAreForgotten() {
        Dialogue d = withTls(TlsMode.OPPORTUNISTIC).play(
                "S: 220 mx.example.net ESMTP",
                "C: EHLO client.example",
                "S: 250-mx.example.net",
                "S: 250-PIPELINING",
                "S: 250 STARTTLS",
                "C: STARTTLS",
                "S: 220 2.0.0 Ready to start TLS",
                "TLS",
                "C: EHLO client.example",
                "S: 250-mx.example.net",
                "S: 250 SIZE 1000");
        assertThat(d.session.tlsActive()).isTrue();
        assertThat(d.session.capabilities().pipelining()).isFalse();
        // Without PIPELINING now, the transaction goes in lock-step; SIZE comes from after TLS.
        d.play("C: MAIL FROM:<alice@example.org> SIZE=100",
                "S: 250 2.1.0 Ok",
                "C: RCPT TO:<bob@example.net>",
                "S: 250 2.1.5 Ok",
                "C: DATA",
                "S: 354 go ahead",
                "BODY",
                "S: 250 2.0.0 queued");
        assertThat(d.outcomes()).containsExactly("bob@example.net DELIVERED 2.0.0");
    }

    @Test
    void repliesInjectedBeforeTheHandshakeAreDropped() {
        // An attacker in the path appends a reply to the 220; the TLS session must not see it.
        Dialogue d = withTls(TlsMode.OPPORTUNISTIC).play(
                "S: 220 mx.example.net ESMTP",
                "C: EHLO client.example",
                "S: 250-mx.example.net",
                "S: 250 STARTTLS",
                "C: STARTTLS",
                "S: 220 2.0.0 Ready to start TLS",
                "S: 250-mx.example.net",
                "S: 250 AUTH PLAIN",
                "TLS",
                "C: EHLO client.example",
                "S: 250 mx.example.net",
                "C: MAIL FROM:<alice@example.org>");
        assertThat(d.session.capabilities()).isEqualTo(Capabilities.NONE);
    }

    @Test
    void opportunisticTlsGoesOnInPlaintextWhenNotOffered() {
        Dialogue d = withTls(TlsMode.OPPORTUNISTIC).play(
                "S: 220 mx.example.net ESMTP",
                "C: EHLO client.example",
                "S: 250 mx.example.net");
        playAll(d, DELIVERY);
        assertThat(d.session.tlsActive()).isFalse();
        assertThat(d.outcomes()).containsExactly("bob@example.net DELIVERED 2.0.0");
    }

    @Test
    void opportunisticTlsGoesOnInPlaintextWhenStartTlsIsRefused() {
        Dialogue d = withTls(TlsMode.OPPORTUNISTIC).play(
                "S: 220 mx.example.net ESMTP",
                "C: EHLO client.example",
                "S: 250-mx.example.net",
                "S: 250 STARTTLS",
                "C: STARTTLS",
                "S: 454 4.7.0 TLS not available due to temporary reason");
        playAll(d, DELIVERY);
        assertThat(d.outcomes()).containsExactly("bob@example.net DELIVERED 2.0.0");
    }

    @Test
    void requiredTlsNotOfferedFailsEveryRecipientTemporarily() {
        Dialogue d = new Dialogue(SmtpClientSettings.defaults(Dialogue.HELO).withTlsMode(TlsMode.REQUIRED))
                .send(Dialogue.transaction(100, "bob@example.net", "carol@example.net"))
                .play("S: 220 mx.example.net ESMTP",
                        "C: EHLO client.example",
                        "S: 250-mx.example.net",
                        "S: 250 PIPELINING",
                        "C: QUIT");
        assertThat(d.outcomes()).containsExactly("bob@example.net TEMPORARY 4.7.4", "carol@example.net TEMPORARY 4.7.4");
        assertThat(d.result().recipients().get(0).diagnosis())
                .isEqualTo(new Diagnosis.Local("7.4", "TLS is required, but the server does not offer STARTTLS"));
        assertThat(d.result().retry()).isEqualTo(Retry.NONE);
        assertThat(d.closed()).isTrue();
    }

    @Test
    void requiredTlsRefusedFailsTemporarily() {
        Dialogue d = withTls(TlsMode.REQUIRED).play(
                "S: 220 mx.example.net ESMTP",
                "C: EHLO client.example",
                "S: 250-mx.example.net",
                "S: 250 STARTTLS",
                "C: STARTTLS",
                "S: 554 5.7.3 no TLS for you",
                "C: QUIT");
        assertThat(d.outcomes()).containsExactly("bob@example.net TEMPORARY 4.7.3");
    }

    @Test
    void aFailedOpportunisticHandshakeAsksForAPlaintextRetry() {
        Dialogue d = withTls(TlsMode.OPPORTUNISTIC).play(
                "S: 220 mx.example.net ESMTP",
                "C: EHLO client.example",
                "S: 250-mx.example.net",
                "S: 250 STARTTLS",
                "C: STARTTLS",
                "S: 220 2.0.0 go ahead",
                "TLS FAILS");
        assertThat(d.outcomes()).containsExactly("bob@example.net TEMPORARY 4.7.5");
        assertThat(d.result().retry()).isEqualTo(Retry.WITHOUT_TLS);
        assertThat(d.result().recipients().get(0).stage()).isEqualTo(Stage.STARTTLS);
        assertThat(d.closed()).isTrue();
    }

    @Test
    void aFailedRequiredHandshakeIsNoReasonForPlaintext() {
        Dialogue d = withTls(TlsMode.REQUIRED).play(
                "S: 220 mx.example.net ESMTP",
                "C: EHLO client.example",
                "S: 250-mx.example.net",
                "S: 250 STARTTLS",
                "C: STARTTLS",
                "S: 220 2.0.0 go ahead",
                "TLS FAILS");
        assertThat(d.outcomes()).containsExactly("bob@example.net TEMPORARY 4.7.5");
        assertThat(d.result().retry()).isEqualTo(Retry.NONE);
    }

    @Test
    void tlsModeNoneIgnoresStartTls() {
        Dialogue d = withTls(TlsMode.NONE).play(
                "S: 220 mx.example.net ESMTP",
                "C: EHLO client.example",
                "S: 250-mx.example.net",
                "S: 250 STARTTLS");
        playAll(d, DELIVERY);
        assertThat(d.outcomes()).containsExactly("bob@example.net DELIVERED 2.0.0");
    }

    @Test
    void authPlainWithAnInitialResponseAfterTls() {
        // RFC 4954 §4 and RFC 4616: base64 of NUL alice NUL s3cret.
        Dialogue d = withCredentials(SmtpClientSettings.defaults(Dialogue.HELO).withTlsMode(TlsMode.REQUIRED)).play(
                "S: 220 smarthost.example ESMTP",
                "C: EHLO client.example",
                "S: 250-smarthost.example",
                "S: 250 STARTTLS",
                "C: STARTTLS",
                "S: 220 2.0.0 go ahead",
                "TLS",
                "C: EHLO client.example",
                "S: 250-smarthost.example",
                "S: 250 AUTH LOGIN PLAIN",
                "C: AUTH PLAIN AGFsaWNlAHMzY3JldA==",
                "S: 235 2.7.0 Authentication successful");
        playAll(d, DELIVERY);
        assertThat(d.outcomes()).containsExactly("bob@example.net DELIVERED 2.0.0");
    }

    @Test
    void authLoginWhenPlainIsNotOffered() {
        Dialogue d = withCredentials(SmtpClientSettings.defaults(Dialogue.HELO).withTlsMode(TlsMode.NONE)
                .withAuthWithoutTls(true)).play(
                "S: 220 smarthost.example ESMTP",
                "C: EHLO client.example",
                "S: 250-smarthost.example",
                "S: 250 AUTH LOGIN CRAM-MD5",
                "C: AUTH LOGIN",
                "S: 334 VXNlcm5hbWU6",
                "C: YWxpY2U=",
                "S: 334 UGFzc3dvcmQ6",
                "C: czNjcmV0",
                "S: 235 2.7.0 Authentication successful");
        playAll(d, DELIVERY);
        assertThat(d.outcomes()).containsExactly("bob@example.net DELIVERED 2.0.0");
    }

    @Test
    void refusedCredentialsFailTemporarily() {
        // A wrong password is our configuration's fault; the mail should wait for it to be fixed.
        Dialogue d = withCredentials(SmtpClientSettings.defaults(Dialogue.HELO).withTlsMode(TlsMode.NONE)
                .withAuthWithoutTls(true)).play(
                "S: 220 smarthost.example ESMTP",
                "C: EHLO client.example",
                "S: 250-smarthost.example",
                "S: 250 AUTH PLAIN",
                "C: AUTH PLAIN AGFsaWNlAHMzY3JldA==",
                "S: 535 5.7.8 Authentication credentials invalid",
                "C: QUIT");
        assertThat(d.outcomes()).containsExactly("bob@example.net TEMPORARY 4.7.8");
        assertThat(d.result().recipients().get(0).stage()).isEqualTo(Stage.AUTH);
    }

    @Test
    void credentialsAreNotSentWithoutTls() {
        Dialogue d = withCredentials(SmtpClientSettings.defaults(Dialogue.HELO)).play(
                "S: 220 smarthost.example ESMTP",
                "C: EHLO client.example",
                "S: 250-smarthost.example",
                "S: 250 AUTH PLAIN LOGIN",
                "C: QUIT");
        assertThat(d.outcomes()).containsExactly("bob@example.net TEMPORARY 4.7.0");
        assertThat(d.result().recipients().get(0).diagnosis()).isInstanceOf(Diagnosis.Local.class);
    }

    @Test
    void noUsableMechanism() {
        Dialogue d = withCredentials(SmtpClientSettings.defaults(Dialogue.HELO).withTlsMode(TlsMode.NONE)
                .withAuthWithoutTls(true)).play(
                "S: 220 smarthost.example ESMTP",
                "C: EHLO client.example",
                "S: 250-smarthost.example",
                "S: 250 AUTH CRAM-MD5",
                "C: QUIT");
        assertThat(d.outcomes()).containsExactly("bob@example.net TEMPORARY 4.7.0");
    }

    @Test
    void aTransactionSentAfterSetupStartsAtOnce() {
        Dialogue d = Dialogue.ready("PIPELINING");
        assertThat(d.session.isIdle()).isTrue();
        d.send(MESSAGE).play("C: MAIL FROM:<alice@example.org>", "C: RCPT TO:<bob@example.net>", "C: DATA");
        assertThat(d.session.isIdle()).isFalse();
    }
}
