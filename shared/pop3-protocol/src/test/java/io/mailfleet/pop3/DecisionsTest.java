package io.mailfleet.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Opening the maildrop, sending messages and the UPDATE state: what each answer of the wiring leads to. */
class DecisionsTest {

    private static Pop3Session authenticatedSession() {
        Pop3Session session = new Pop3Session(Pop3Settings.defaults(Harness.HOST).withTls(true, false));
        session.receive("USER alice\r\nPASS secret\r\n".getBytes(StandardCharsets.US_ASCII));
        session.answer(new Answer.Authenticated("alice"));
        return session;
    }

    private static Pop3Session transactionSession() {
        Pop3Session session = authenticatedSession();
        session.answer(new Answer.Opened(List.of(new MaildropMessage("a", 10), new MaildropMessage("b", 20),
                new MaildropMessage("c", 30))));
        return session;
    }

    private static List<Effect> send(Pop3Session session, String text) {
        return session.receive(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void maildropInUseLeavesTheSessionInAuthorization() {
        Harness h = Harness.tls();
        h.policy = q -> q instanceof Question.OpenMaildrop ? new Answer.InUse() : new Answer.Authenticated("alice");
        assertThat(h.send("USER alice\r\nPASS secret\r\nSTAT\r\n")).isEqualTo("+OK Send PASS\r\n"
                + "-ERR [IN-USE] Maildrop in use by another session\r\n-ERR Command not valid in this state\r\n");
        h.policy = q -> q instanceof Question.OpenMaildrop
                ? new Answer.Opened(List.of()) : new Answer.Authenticated("alice");
        assertThat(h.send("USER alice\r\nPASS secret\r\n")).endsWith("+OK alice's maildrop has 0 messages (0 octets)\r\n");
    }

    @Test
    void maildropUnavailable() {
        Harness h = Harness.tls();
        h.policy = q -> q instanceof Question.OpenMaildrop ? new Answer.Unavailable() : new Answer.Authenticated("alice");
        assertThat(h.send("USER alice\r\nPASS secret\r\n"))
                .endsWith("-ERR [SYS/TEMP] Maildrop unavailable, try again later\r\n");
        assertThat(h.closed).isFalse();
        assertThat(h.delays).isEmpty();
    }

    @Test
    void theMaildropOpenedIsTheAuthenticatedIdentitys() {
        Harness h = Harness.tls();
        h.policy = q -> q instanceof Question.OpenMaildrop ? new Answer.Opened(List.of()) : new Answer.Authenticated("Alice@Example.NET");
        assertThat(h.send("AUTH PLAIN " + Harness.base64("\0alice\0secret") + "\r\n"))
                .isEqualTo("+OK Alice@Example.NET's maildrop has 0 messages (0 octets)\r\n");
        assertThat(h.asked(Question.OpenMaildrop.class)).containsExactly(new Question.OpenMaildrop("Alice@Example.NET"));
    }

    @Test
    void deleteThenQuitCommitsExactlyThoseIds() {
        Pop3Session session = transactionSession();
        send(session, "DELE 3\r\nDELE 1\r\n");
        List<Effect> quit = send(session, "QUIT\r\n");
        assertThat(quit).containsExactly(new Effect.Decide(new Question.CommitDeletions("alice", List.of("a", "c"))));
        assertThat(session.idleTimeout()).isEmpty();
        // Input after QUIT is never read.
        assertThat(send(session, "NOOP\r\n")).isEmpty();
        assertThat(session.answer(new Answer.Committed())).containsExactly(
                new Effect.Reply(Pop3Reply.ok("pop.example.net POP3 server signing off (1 message left)")),
                new Effect.Close());
    }

    @Test
    void commitUnavailable() {
        Pop3Session session = transactionSession();
        send(session, "DELE 2\r\nQUIT\r\n");
        // RFC 1939 §6.
        assertThat(session.answer(new Answer.Unavailable())).containsExactly(
                new Effect.Reply(Pop3Reply.err("[SYS/TEMP] Some deleted messages not removed")), new Effect.Close());
    }

    @Test
    void deleteThenResetThenQuitCommitsNothing() {
        Pop3Session session = transactionSession();
        send(session, "DELE 1\r\nDELE 2\r\nRSET\r\n");
        assertThat(send(session, "QUIT\r\n")).containsExactly(new Effect.Decide(new Question.CommitDeletions("alice", List.of())));
        assertThat(session.answer(new Answer.Committed())).containsExactly(
                new Effect.Reply(Pop3Reply.ok("pop.example.net POP3 server signing off (3 messages left)")),
                new Effect.Close());
    }

    /** The maildrop is given back before the sign-off, so a client that connects again at once finds it free. */
    @Test
    void quitWithNothingDeletedSignsOffOnlyOnceTheWiringAnswers() {
        Pop3Session session = transactionSession();
        assertThat(send(session, "QUIT\r\n")).containsExactly(new Effect.Decide(new Question.CommitDeletions("alice", List.of())));
        assertThat(session.answer(new Answer.Unavailable())).as("nothing was to be deleted").containsExactly(
                new Effect.Reply(Pop3Reply.ok("pop.example.net POP3 server signing off (3 messages left)")),
                new Effect.Close());
    }

    @Test
    void lostConnectionInTransactionCommitsNothing() {
        Pop3Session session = transactionSession();
        send(session, "DELE 1\r\n");
        assertThat(session.connectionLost()).isEmpty();
        assertThat(session.isClosed()).isTrue();
        assertThat(send(session, "QUIT\r\n")).isEmpty();
        assertThat(session.timedOut()).isEmpty();
        assertThat(session.idleTimeout()).isEmpty();
    }

    @Test
    void timeoutInTransactionClosesSilentlyAndCommitsNothing() {
        // RFC 1939 §3: no UPDATE and no response when the autologout timer expires.
        Pop3Session session = transactionSession();
        send(session, "DELE 1\r\nQU");
        assertThat(session.timedOut()).containsExactly(new Effect.Close());
        assertThat(send(session, "IT\r\n")).isEmpty();
    }

    @Test
    void lostConnectionWhileADecisionIsPendingIgnoresTheLateAnswer() {
        Pop3Session session = authenticatedSession();
        session.connectionLost();
        assertThat(session.answer(new Answer.Opened(List.of()))).isEmpty();
    }

    @Test
    void commandsPipelinedDuringATransferRunAfterIt() {
        Pop3Session session = transactionSession();
        List<Effect> retr = send(session, "RETR 2\r\nDELE 2\r\nSTAT\r\n");
        Question.SendMessage send = new Question.SendMessage(2, new MaildropMessage("b", 20), OptionalLong.empty());
        assertThat(retr).as("the +OK is the wiring's, once the content is open").containsExactly(new Effect.Decide(send));
        assertThat(new String(send.okLine(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("+OK 20 octets\r\n");
        assertThat(session.awaitingWiring()).isTrue();
        assertThat(send(session, "LIST\r\n")).isEmpty();
        assertThat(Harness.replies(session.answer(new Answer.Transferred())))
                .isEqualTo("+OK message 2 deleted\r\n+OK 2 40\r\n+OK 2 messages (40 octets)\r\n1 10\r\n3 30\r\n.\r\n");
    }

    @Test
    void failedTransferClosesWithoutAnotherWord() {
        Pop3Session session = transactionSession();
        List<Effect> top = send(session, "TOP 1 5\r\nDELE 1\r\nQUIT\r\n");
        Question.SendMessage send = new Question.SendMessage(1, new MaildropMessage("a", 10), OptionalLong.of(5));
        assertThat(top).containsExactly(new Effect.Decide(send));
        assertThat(new String(send.okLine(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("+OK Top of message follows\r\n");
        assertThat(session.answer(new Answer.TransferFailed())).containsExactly(new Effect.Close());
        assertThat(session.isClosed()).isTrue();
    }

    @Test
    void aMessageTheStoreCannotGiveIsATemporaryErrorAndTheSessionGoesOn() {
        Pop3Session session = transactionSession();
        send(session, "RETR 1\r\nSTAT\r\n");
        assertThat(Harness.replies(session.answer(new Answer.Unavailable())))
                .isEqualTo("-ERR [SYS/TEMP] The message cannot be read now, try again later\r\n+OK 3 60\r\n");
        assertThat(session.isClosed()).isFalse();
    }

    @Test
    void answersMustFitTheQuestion() {
        Pop3Session session = authenticatedSession();
        assertThatThrownBy(() -> session.answer(new Answer.Committed())).isInstanceOf(IllegalArgumentException.class);
        // The question is still pending, and the right answer still works.
        assertThat(Harness.replies(session.answer(new Answer.Opened(List.of()))))
                .isEqualTo("+OK alice's maildrop has 0 messages (0 octets)\r\n");
        assertThatThrownBy(() -> session.answer(new Answer.Committed())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(session::delayElapsed).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "tab\tin", "é", "x12345678901234567890123456789012345678901234567890123456789012345678901"})
    void uniqueIdsArePrintableAsciiOfAtMost70(String id) {
        assertThatThrownBy(() -> new MaildropMessage(id, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maildropSnapshotsAreChecked() {
        assertThat(new MaildropMessage("!" + "~".repeat(69), 0).uniqueId()).hasSize(70);
        assertThatThrownBy(() -> new MaildropMessage("a", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Answer.Opened(List.of(new MaildropMessage("a", 1), new MaildropMessage("a", 2))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Answer.Authenticated("bad\r\nname")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passwordsStayOutOfLogs() {
        assertThat(new Question.Authenticate("USER", "alice", "secret").toString()).doesNotContain("secret");
    }
}
