package io.mailfleet.smtp;

import static io.mailfleet.smtp.Harness.codes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Decisions the wiring makes asynchronously, and the timeouts of RFC 5321 §4.5.3.2. */
class DecisionTimeoutTest {

    private static Harness manual() {
        Harness h = Harness.mx();
        h.policy = q -> {
            throw new AssertionError("answered by the test itself");
        };
        return h;
    }

    @Test
    void inputAfterAPendingDecisionIsBufferedAndProcessedAfterTheAnswer() {
        Harness h = manual();
        h.send("EHLO c.example\r\nMAIL FROM:<a@c.example>\r\n");
        List<Effect> e = h.session.receive("RCPT TO:<b@d.example>\r\nRCPT TO:<c@d.example>\r\nNOOP\r\n".getBytes());
        assertThat(e).hasSize(1).first().isInstanceOf(Effect.Decide.class);
        assertThat(h.session.awaitingAnswer()).isTrue();
        assertThat(h.session.receive("NOOP\r\n".getBytes())).isEmpty();
        e = h.session.answer(new Answer.RecipientAccepted());
        assertThat(codes(e)).containsExactly(250);
        assertThat(((Effect.Decide) e.get(1)).question()).isInstanceOf(Question.CheckRecipient.class);
        e = h.session.answer(new Answer.Rejected(SmtpReply.of(451, "4.3.0", "Try later")));
        assertThat(Harness.replies(e)).isEqualTo("451 4.3.0 Try later\r\n250 2.0.0 Ok\r\n250 2.0.0 Ok\r\n");
    }

    @Test
    void acceptMessageAnswers() {
        Harness h = manual();
        h.send("EHLO c.example\r\nMAIL FROM:<a@c.example>\r\n");
        h.session.receive("RCPT TO:<b@d.example>\r\n".getBytes());
        h.session.answer(new Answer.RecipientAccepted());
        List<Effect> e = h.session.receive("DATA\r\nhi\r\n.\r\n".getBytes());
        assertThat(e.get(e.size() - 2)).isInstanceOf(Effect.MessageComplete.class);
        Question.AcceptMessage accept = (Question.AcceptMessage) ((Effect.Decide) e.get(e.size() - 1)).question();
        assertThat(accept.contentSize()).isEqualTo(4);
        assertThat(h.session.timeout()).isEqualTo(SmtpTimeout.DATA_TERMINATION);
        assertThat(Harness.replies(h.session.answer(new Answer.Accepted(Optional.of("Q1")))))
                .isEqualTo("250 2.0.0 Ok: queued as Q1\r\n");
        assertThat(codes(h.session.receive("RCPT TO:<b@d.example>\r\n".getBytes()))).containsExactly(503);
    }

    @Test
    void temporaryStorageFailureGives451() {
        Harness h = Harness.mx();
        h.policy = q -> q instanceof Question.AcceptMessage ? new Answer.TemporaryFailure() : new Answer.RecipientAccepted();
        List<Effect> e = h.send("EHLO c.example\r\nMAIL FROM:<a@c.example>\r\nRCPT TO:<b@d.example>\r\nDATA\r\n.\r\n");
        assertThat(Harness.lastReply(e)).isEqualTo("451 4.3.0 Temporary failure, please try again later");
    }

    @Test
    void answersMustFitTheQuestion() {
        Harness h = manual();
        assertThatThrownBy(() -> h.session.answer(new Answer.RecipientAccepted())).isInstanceOf(IllegalStateException.class);
        h.send("EHLO c.example\r\nMAIL FROM:<a@c.example>\r\n");
        h.session.receive("RCPT TO:<b@d.example>\r\n".getBytes());
        assertThatThrownBy(() -> h.session.answer(new Answer.Authenticated("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Answer.Rejected(SmtpReply.of(250, "2.0.0", "Ok")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timeoutFollowsTheState() {
        Harness h = manual();
        assertThat(h.session.timeout()).isEqualTo(SmtpTimeout.INITIAL);
        h.send("EHLO c.example\r\n");
        assertThat(h.session.timeout()).isEqualTo(SmtpTimeout.SERVER_INACTIVITY);
        h.send("MAIL FROM:<a@c.example>\r\n");
        assertThat(h.session.timeout()).isEqualTo(SmtpTimeout.MAIL);
        h.session.receive("RCPT TO:<b@d.example>\r\n".getBytes());
        assertThat(h.session.timeout()).isEqualTo(SmtpTimeout.RCPT);
        h.session.answer(new Answer.RecipientAccepted());
        assertThat(h.session.timeout()).isEqualTo(SmtpTimeout.RCPT);
        h.session.receive("DATA\r\n".getBytes());
        assertThat(h.session.timeout()).isEqualTo(SmtpTimeout.DATA_INITIATION);
        h.session.receive("x".getBytes());
        assertThat(h.session.timeout()).isEqualTo(SmtpTimeout.DATA_BLOCK);
        assertThat(SmtpTimeout.DATA_TERMINATION.duration().toMinutes()).isEqualTo(10);
        List<Effect> e = h.session.timedOut();
        assertThat(e).containsExactly(new Effect.MessageAborted(AbortReason.TIMEOUT),
                new Effect.Reply(SmtpReply.of(421, "4.4.2", "Timeout, closing connection")), new Effect.Close());
        assertThat(h.session.isClosed()).isTrue();
    }

    @Test
    void refusedConnectionAnswersOnlyQuit() {
        Harness h = Harness.mx();
        assertThat(Harness.replies(h.session.refuse())).startsWith("554 mx.example.net");
        assertThat(codes(h.send("EHLO c.example\r\nQUIT\r\n"))).containsExactly(503, 221);
    }
}
