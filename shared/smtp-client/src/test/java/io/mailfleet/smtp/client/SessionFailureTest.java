package io.mailfleet.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailfleet.smtp.client.TransactionResult.Retry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** 421, lost connections, timeouts and protocol errors: what is pending fails temporarily. */
class SessionFailureTest {

    private static final MailTransaction TWO = Dialogue.transaction(10, "a@example.net", "b@example.net");

    /** Lock-step up to the point named, then the failure. */
    private static Dialogue upTo(String point) {
        Dialogue d = Dialogue.plain().send(TWO);
        List<String> steps = new ArrayList<>();
        String[] script = {
            "greeting", "S: 220 mx.example.net ESMTP", "C: EHLO client.example",
            "ehlo", "S: 250 mx.example.net", "C: MAIL FROM:<alice@example.org>",
            "mail", "S: 250 Ok", "C: RCPT TO:<a@example.net>",
            "rcpt", "S: 550 5.1.1 unknown", "C: RCPT TO:<b@example.net>",
            "rcpt2", "S: 250 Ok", "C: DATA",
            "data", "S: 354 go ahead", "BODY",
            "end",
        };
        for (String step : script) {
            if (step.equals(point)) {
                return d.play(steps.toArray(String[]::new));
            }
            if (step.contains(":") || step.equals("BODY")) {
                steps.add(step);
            }
        }
        throw new IllegalArgumentException(point);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "greeting | GREETING | 4.4.2 | 4.4.2",
        "ehlo | HELLO | 4.4.2 | 4.4.2",
        "mail | MAIL | 4.4.2 | 4.4.2",
        "rcpt | RCPT | 4.4.2 | 4.4.2",
        "rcpt2 | RCPT | 5.1.1 | 4.4.2",
        "end | DATA_TERMINATION | 5.1.1 | 4.4.2",
    })
    void aLostConnectionFailsWhatIsPendingTemporarily(String point, Stage stage, String first, String second) {
        Dialogue d = upTo(point).play("LOST");
        assertThat(d.result().recipients()).extracting(RecipientResult::enhancedStatus).containsExactly(first, second);
        assertThat(d.result().recipients().get(1).stage()).isEqualTo(stage);
        assertThat(d.result().recipients().get(1).diagnosis()).isEqualTo(
                new Diagnosis.Local("4.2", "lost connection " + stage.during() + ": Connection reset"));
        assertThat(d.result().retry()).isEqualTo(Retry.NONE);
        assertThat(d.closed()).isTrue();
        assertThat(d.session.timeout()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "greeting | GREETING | PT5M",
        "ehlo | HELLO | PT5M",
        "mail | MAIL | PT5M",
        "rcpt | RCPT | PT5M",
        "data | DATA_INITIATION | PT2M",
        "end | DATA_TERMINATION | PT10M",
    })
    void eachWaitHasItsTimeoutAndATimeoutFailsWhatIsPending(String point, Stage stage, Duration timeout) {
        Dialogue d = upTo(point);
        assertThat(d.session.timeout()).contains(timeout);
        d.play("TIMEOUT");
        RecipientResult last = d.result().recipients().get(1);
        assertThat(last.status()).isEqualTo(DeliveryStatus.TEMPORARY);
        assertThat(last.diagnosis()).isEqualTo(new Diagnosis.Local("4.2", "timed out " + stage.during()));
        assertThat(d.closed()).isTrue();
    }

    @Test
    void timeoutsOfConnectingAndSendingTheBody() {
        SmtpClientSession session = new SmtpClientSession(SmtpClientSettings.defaults(Dialogue.HELO)
                .withTimeout(Stage.CONNECT, Duration.ofSeconds(3)));
        assertThat(session.timeout()).contains(Duration.ofSeconds(3));
        session.send(TWO);
        List<Effect> effects = session.timedOut();
        TransactionResult result = ((Effect.TransactionFinished) effects.get(0)).result();
        assertThat(result.recipients().get(0).enhancedStatus()).isEqualTo("4.4.1");
        assertThat(result.recipients().get(0).diagnosis()).isEqualTo(new Diagnosis.Local("4.1", "timed out while connecting"));

        Dialogue sending = Dialogue.ready().send(Dialogue.transaction(1, "a@example.net")).play(
                "C: MAIL FROM:<alice@example.org>", "S: 250 Ok", "C: RCPT TO:<a@example.net>", "S: 250 Ok", "C: DATA",
                "S: 354 go ahead");
        assertThat(sending.session.timeout()).contains(Duration.ofMinutes(3));
    }

    @Test
    void aFailedConnectFailsTheQueuedTransaction() {
        SmtpClientSession session = new SmtpClientSession(SmtpClientSettings.defaults(Dialogue.HELO));
        session.send(TWO);
        List<Effect> effects = session.connectionLost("Connection refused");
        assertThat(effects).hasSize(2).last().isEqualTo(new Effect.Close());
        RecipientResult first = ((Effect.TransactionFinished) effects.get(0)).result().recipients().get(0);
        assertThat(first.stage()).isEqualTo(Stage.CONNECT);
        assertThat(first.diagnosis()).isEqualTo(new Diagnosis.Local("4.1", "cannot connect: Connection refused"));
    }

    @Test
    void aServiceClosingMidTransactionFailsThePendingRecipientsAndCloses() {
        Dialogue d = Dialogue.ready("PIPELINING").send(Dialogue.transaction(10, "a@example.net", "b@example.net",
                "c@example.net")).play(
                "C: MAIL FROM:<alice@example.org>",
                "C: RCPT TO:<a@example.net>",
                "C: RCPT TO:<b@example.net>",
                "C: RCPT TO:<c@example.net>",
                "C: DATA",
                "S: 250 Ok",
                "S: 550 5.1.1 unknown",
                "S: 421 4.3.2 Service shutting down");
        assertThat(d.outcomes()).containsExactly("a@example.net PERMANENT 5.1.1", "b@example.net TEMPORARY 4.3.2",
                "c@example.net TEMPORARY 4.3.2");
        assertThat(d.result().recipients().get(1).stage()).isEqualTo(Stage.RCPT);
        assertThat(d.closed()).isTrue();
        assertThat(d.takeWritten()).isEmpty();
    }

    @Test
    void aServiceClosingAfterTheDataFailsTheAcceptedRecipients() {
        Dialogue d = upTo("end").play("S: 421 4.4.2 timeout");
        assertThat(d.outcomes()).containsExactly("a@example.net PERMANENT 5.1.1", "b@example.net TEMPORARY 4.4.2");
    }

    @Test
    void aServiceClosingGreetingFailsTemporarilyWithoutQuit() {
        Dialogue d = Dialogue.plain().send(TWO).play("S: 421 4.7.0 too busy");
        assertThat(d.outcomes()).containsExactly("a@example.net TEMPORARY 4.7.0", "b@example.net TEMPORARY 4.7.0");
        assertThat(d.takeWritten()).isEmpty();
        assertThat(d.closed()).isTrue();
    }

    @Test
    void aReusedConnectionClosedBeforeMailIsWorthARetryOnANewOne() {
        Dialogue d = delivered();
        d.send(Dialogue.transaction(10, "b@example.net")).play(
                "C: MAIL FROM:<alice@example.org>",
                "C: RCPT TO:<b@example.net>",
                "C: DATA",
                "S: 421 4.4.2 mx.example.net Error: timeout exceeded");
        assertThat(d.result().retry()).isEqualTo(Retry.ON_NEW_CONNECTION);
        assertThat(d.outcomes()).containsExactly("b@example.net TEMPORARY 4.4.2");

        Dialogue lost = delivered();
        lost.send(Dialogue.transaction(10, "b@example.net")).play(
                "C: MAIL FROM:<alice@example.org>", "C: RCPT TO:<b@example.net>", "C: DATA", "LOST");
        assertThat(lost.result().retry()).isEqualTo(Retry.ON_NEW_CONNECTION);
    }

    @Test
    void noRetryOnceTheServerTookMailFromOrOnAFreshConnection() {
        Dialogue d = delivered();
        d.send(Dialogue.transaction(10, "b@example.net")).play(
                "C: MAIL FROM:<alice@example.org>", "C: RCPT TO:<b@example.net>", "C: DATA", "S: 250 Ok", "LOST");
        assertThat(d.result().retry()).isEqualTo(Retry.NONE);

        Dialogue fresh = Dialogue.ready("PIPELINING").send(Dialogue.transaction(10, "b@example.net")).play(
                "C: MAIL FROM:<alice@example.org>", "C: RCPT TO:<b@example.net>", "C: DATA", "LOST");
        assertThat(fresh.result().retry()).isEqualTo(Retry.NONE);

        Dialogue refused = delivered();
        refused.send(Dialogue.transaction(10, "b@example.net")).play(
                "C: MAIL FROM:<alice@example.org>", "C: RCPT TO:<b@example.net>", "C: DATA",
                "S: 451 4.3.0 try later", "S: 421 4.3.0 closing");
        assertThat(refused.result().retry()).isEqualTo(Retry.NONE);
        assertThat(refused.outcomes()).containsExactly("b@example.net TEMPORARY 4.3.0");
        assertThat(refused.result().recipients().get(0).stage()).isEqualTo(Stage.MAIL);

        Dialogue slow = delivered();
        slow.send(Dialogue.transaction(10, "b@example.net")).play(
                "C: MAIL FROM:<alice@example.org>", "C: RCPT TO:<b@example.net>", "C: DATA", "TIMEOUT");
        assertThat(slow.result().retry()).isEqualTo(Retry.NONE);
    }

    @Test
    void aQueuedTransactionBehindAnRsetIsWorthARetryWhenTheConnectionEnds() {
        Dialogue d = Dialogue.ready().send(Dialogue.transaction(10, "a@example.net")).play(
                "C: MAIL FROM:<alice@example.org>", "S: 250 Ok", "C: RCPT TO:<a@example.net>", "S: 550 unknown",
                "C: RSET");
        d.send(Dialogue.transaction(10, "b@example.net")).play("S: 421 4.4.2 bye");
        assertThat(d.result().retry()).isEqualTo(Retry.ON_NEW_CONNECTION);
        assertThat(d.outcomes()).containsExactly("b@example.net TEMPORARY 4.4.2");
        assertThat(d.result().recipients().get(0).stage()).isEqualTo(Stage.RSET);
    }

    @Test
    void aRefusedRsetEndsTheSession() {
        Dialogue d = Dialogue.ready().send(Dialogue.transaction(10, "a@example.net")).play(
                "C: MAIL FROM:<alice@example.org>", "S: 250 Ok", "C: RCPT TO:<a@example.net>", "S: 550 unknown",
                "C: RSET", "S: 500 what", "C: QUIT");
        assertThat(d.closed()).isTrue();
    }

    @Test
    void anIdleConnectionTheServerClosesJustCloses() {
        Dialogue d = delivered().play("S: 421 4.4.2 idle too long");
        assertThat(d.closed()).isTrue();
        assertThat(d.results).hasSize(1);
    }

    @Test
    void anUnaskedReplyIsAProtocolError() {
        Dialogue d = delivered().play("S: 250 surprise");
        assertThat(d.closed()).isTrue();
        assertThatThrownBy(() -> d.session.send(TWO)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anOverlongReplyLineFailsTheSessionTemporarily() {
        Dialogue d = upTo("rcpt2");
        d.receive(("250 " + "x".repeat(3000)).getBytes(StandardCharsets.US_ASCII));
        assertThat(d.outcomes()).containsExactly("a@example.net PERMANENT 5.1.1", "b@example.net TEMPORARY 4.5.0");
        Diagnosis why = d.result().recipients().get(1).diagnosis();
        assertThat(((Diagnosis.Local) why).text()).startsWith("protocol error after RCPT TO: reply line longer than 2048");
        assertThat(d.closed()).isTrue();
    }

    @Test
    void aReplyThatCannotAnswerTheCommandIsAProtocolError() {
        Dialogue d = upTo("mail").play("S: 354 what");
        assertThat(d.outcomes()).containsExactly("a@example.net TEMPORARY 4.5.0", "b@example.net TEMPORARY 4.5.0");
    }

    @Test
    void anUnreadableMessageAbandonsTheDataWithoutEndingIt() {
        Dialogue d = upTo("data").play("S: 354 go ahead");
        List<Effect> effects = d.session.bodyFailed("blob store unavailable");
        assertThat(Dialogue.written(effects)).isEmpty();
        assertThat(effects).last().isEqualTo(new Effect.Close());
        RecipientResult b = ((Effect.TransactionFinished) effects.get(0)).result().recipients().get(1);
        assertThat(b.enhancedStatus()).isEqualTo("4.3.0");
        assertThat(b.stage()).isEqualTo(Stage.DATA_BLOCK);
    }

    @Test
    void aLostConnectionWhileIdleClosesQuietly() {
        Dialogue d = delivered().play("LOST");
        assertThat(d.closed()).isTrue();
        assertThat(d.results).hasSize(1);
        assertThat(d.session.connectionLost("again")).isEmpty();
    }

    @Test
    void theWholeDialogueGivesTheSameWhereverTheRepliesAreSplit() {
        String[] replies = {
            "220 mx.example.net ESMTP\r\n",
            "250-mx.example.net\r\n250-PIPELINING\r\n250-SIZE 100000\r\n250 DSN\r\n",
            "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n550-5.1.1 first\r\n550 5.1.1 second\r\n354 go\r\n",
            "250 2.0.0 queued\r\n",
        };
        byte[] wire = String.join("", replies).getBytes(StandardCharsets.US_ASCII);
        String expected = null;
        for (int cut = 1; cut < wire.length; cut++) {
            for (int second : new int[] {cut, Math.min(cut + 7, wire.length)}) {
                SmtpClientSession session = new SmtpClientSession(SmtpClientSettings.defaults(Dialogue.HELO)
                        .withTlsMode(TlsMode.NONE));
                session.connected();
                List<Effect> effects = new ArrayList<>(session.send(TWO));
                effects.addAll(feed(session, Arrays.copyOfRange(wire, 0, cut)));
                effects.addAll(feed(session, Arrays.copyOfRange(wire, cut, second)));
                effects.addAll(feed(session, Arrays.copyOfRange(wire, second, wire.length)));
                String transcript = Dialogue.written(effects) + effects.stream()
                        .filter(Effect.TransactionFinished.class::isInstance).toList();
                if (expected == null) {
                    expected = transcript;
                    assertThat(transcript).startsWith("EHLO client.example\r\nMAIL FROM:<alice@example.org> SIZE=10\r\n"
                            + "RCPT TO:<a@example.net>\r\nRCPT TO:<b@example.net>\r\nDATA\r\n");
                    assertThat(transcript).contains("status=PERMANENT, stage=RCPT", "status=DELIVERED");
                }
                assertThat(transcript).as("cut at %d and %d", cut, second).isEqualTo(expected);
            }
        }
    }

    /** Feeds octets; when the session asks for the message, it is sent. */
    private static List<Effect> feed(SmtpClientSession session, byte[] bytes) {
        List<Effect> effects = new ArrayList<>(session.receive(bytes));
        if (effects.contains(new Effect.SendBody(BodyFraming.DOT_STUFFED))) {
            effects.addAll(session.bodySent());
        }
        return effects;
    }

    /** A plaintext pipelining session after one delivered transaction. */
    private static Dialogue delivered() {
        return Dialogue.ready("PIPELINING").send(Dialogue.transaction(10, "a@example.net")).play(
                "C: MAIL FROM:<alice@example.org>", "C: RCPT TO:<a@example.net>", "C: DATA",
                "S: 250 Ok", "S: 250 Ok", "S: 354 go ahead", "BODY", "S: 250 Ok");
    }
}
