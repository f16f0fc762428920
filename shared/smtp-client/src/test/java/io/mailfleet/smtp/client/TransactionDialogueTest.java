package io.mailfleet.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.BodyType;
import io.mailfleet.model.event.DsnNotify;
import io.mailfleet.model.event.DsnReturn;
import io.mailfleet.model.event.OriginalRecipient;
import io.mailfleet.model.event.Recipient;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** MAIL, RCPT and DATA or BDAT, pipelined and in lock-step, with one result per recipient. */
class TransactionDialogueTest {

    private static final MailTransaction THREE = Dialogue.transaction(2000, "a@example.net", "b@example.net", "c@example.net");

    @Test
    void pipelinedMailRcptAndDataGoInOneWrite() {
        Dialogue d = Dialogue.ready("PIPELINING", "SIZE 10000000", "8BITMIME", "ENHANCEDSTATUSCODES").send(THREE).play(
                "C: MAIL FROM:<alice@example.org> SIZE=2000",
                "C: RCPT TO:<a@example.net>",
                "C: RCPT TO:<b@example.net>",
                "C: RCPT TO:<c@example.net>",
                "C: DATA",
                "S: 250 2.1.0 Ok",
                "S: 250 2.1.5 Ok",
                "S: 250 2.1.5 Ok",
                "S: 250 2.1.5 Ok",
                "S: 354 End data with <CR><LF>.<CR><LF>",
                "BODY",
                "S: 250 2.0.0 Ok: queued as 4BzQ");
        assertThat(d.outcomes()).containsExactly("a@example.net DELIVERED 2.0.0", "b@example.net DELIVERED 2.0.0",
                "c@example.net DELIVERED 2.0.0");
        RecipientResult first = d.result().recipients().get(0);
        assertThat(first.stage()).isEqualTo(Stage.DATA_TERMINATION);
        assertThat(first.diagnosis()).isEqualTo(
                new Diagnosis.Remote(new Reply(250, Optional.of("2.0.0"), List.of("Ok: queued as 4BzQ"))));
        assertThat(d.session.isIdle()).isTrue();
    }

    @Test
    void withoutPipeliningEachCommandWaitsForItsReply() {
        Dialogue d = Dialogue.ready("8BITMIME").send(THREE).play(
                "C: MAIL FROM:<alice@example.org>",
                "S: 250 2.1.0 Ok",
                "C: RCPT TO:<a@example.net>",
                "S: 250 2.1.5 Ok",
                "C: RCPT TO:<b@example.net>",
                "S: 550 5.1.1 <b@example.net>: Recipient address rejected",
                "C: RCPT TO:<c@example.net>",
                "S: 450 4.2.0 <c@example.net>: greylisted",
                "C: DATA",
                "S: 354 go ahead",
                "BODY",
                "S: 250 2.0.0 queued");
        assertThat(d.outcomes()).containsExactly("a@example.net DELIVERED 2.0.0", "b@example.net PERMANENT 5.1.1",
                "c@example.net TEMPORARY 4.2.0");
        assertThat(d.result().recipients()).extracting(RecipientResult::stage)
                .containsExactly(Stage.DATA_TERMINATION, Stage.RCPT, Stage.RCPT);
    }

    @Test
    void pipelinedMixOfAcceptedDeferredAndRefused() {
        Dialogue d = Dialogue.ready("PIPELINING").send(THREE).play(
                "C: MAIL FROM:<alice@example.org>",
                "C: RCPT TO:<a@example.net>",
                "C: RCPT TO:<b@example.net>",
                "C: RCPT TO:<c@example.net>",
                "C: DATA",
                "S: 250 Ok",
                "S: 450 try later",
                "S: 250 Ok",
                "S: 550 no such user",
                "S: 354 go ahead",
                "BODY",
                "S: 250 Ok");
        // Without enhanced codes the status is the verdict's class with 0.0.
        assertThat(d.outcomes()).containsExactly("a@example.net TEMPORARY 4.0.0", "b@example.net DELIVERED 2.0.0",
                "c@example.net PERMANENT 5.0.0");
    }

    @Test
    void tooManyRecipientsIsTemporaryForThoseRefused() {
        Dialogue d = Dialogue.ready("PIPELINING").send(THREE).play(
                "C: MAIL FROM:<alice@example.org>",
                "C: RCPT TO:<a@example.net>",
                "C: RCPT TO:<b@example.net>",
                "C: RCPT TO:<c@example.net>",
                "C: DATA",
                "S: 250 2.1.0 Ok",
                "S: 250 2.1.5 Ok",
                "S: 452 4.5.3 Too many recipients",
                "S: 452 4.5.3 Too many recipients",
                "S: 354 go ahead",
                "BODY",
                "S: 250 2.0.0 Ok");
        assertThat(d.outcomes()).containsExactly("a@example.net DELIVERED 2.0.0", "b@example.net TEMPORARY 4.5.3",
                "c@example.net TEMPORARY 4.5.3");
    }

    @Test
    void pipelinedWithEveryRecipientRefusedReadsTheRefusedDataThenResets() {
        Dialogue d = Dialogue.ready("PIPELINING").send(Dialogue.transaction(10, "a@example.net", "b@example.net")).play(
                "C: MAIL FROM:<alice@example.org>",
                "C: RCPT TO:<a@example.net>",
                "C: RCPT TO:<b@example.net>",
                "C: DATA",
                "S: 250 2.1.0 Ok",
                "S: 550 5.1.1 unknown",
                "S: 550 5.1.1 unknown",
                "S: 554 5.5.1 Error: no valid recipients",
                "C: RSET",
                "S: 250 2.0.0 Ok");
        assertThat(d.outcomes()).containsExactly("a@example.net PERMANENT 5.1.1", "b@example.net PERMANENT 5.1.1");
        assertThat(d.session.isIdle()).isTrue();
    }

    @Test
    void lockStepWithEveryRecipientRefusedSendsNoData() {
        Dialogue d = Dialogue.ready().send(Dialogue.transaction(10, "a@example.net")).play(
                "C: MAIL FROM:<alice@example.org>",
                "S: 250 2.1.0 Ok",
                "C: RCPT TO:<a@example.net>",
                "S: 450 4.1.1 mailbox busy",
                "C: RSET",
                "S: 250 2.0.0 Ok");
        assertThat(d.outcomes()).containsExactly("a@example.net TEMPORARY 4.1.1");
    }

    @Test
    void aServerThatSays354WithNoRecipientGetsAnEmptyMessageEndedAtOnce() {
        Dialogue d = Dialogue.ready("PIPELINING").send(Dialogue.transaction(10, "a@example.net")).play(
                "C: MAIL FROM:<alice@example.org>",
                "C: RCPT TO:<a@example.net>",
                "C: DATA",
                "S: 250 Ok",
                "S: 550 unknown",
                "S: 354 go ahead",
                "C: .",
                "S: 554 no valid recipients");
        assertThat(d.outcomes()).containsExactly("a@example.net PERMANENT 5.0.0");
        assertThat(d.session.isIdle()).isTrue();
    }

    @Test
    void aRefusedSenderGivesItsClassToEveryRecipient() {
        Dialogue d = Dialogue.ready().send(Dialogue.transaction(10, "a@example.net", "b@example.net")).play(
                "C: MAIL FROM:<alice@example.org>",
                "S: 553 5.7.1 sender rejected");
        assertThat(d.outcomes()).containsExactly("a@example.net PERMANENT 5.7.1", "b@example.net PERMANENT 5.7.1");
        assertThat(d.result().recipients()).extracting(RecipientResult::stage).containsOnly(Stage.MAIL);
        assertThat(d.session.isIdle()).isTrue();
    }

    @Test
    void pipelinedRefusedSenderReadsTheRestOfTheGroupFirst() {
        Dialogue d = Dialogue.ready("PIPELINING").send(Dialogue.transaction(10, "a@example.net", "b@example.net")).play(
                "C: MAIL FROM:<alice@example.org>",
                "C: RCPT TO:<a@example.net>",
                "C: RCPT TO:<b@example.net>",
                "C: DATA",
                "S: 451 4.3.0 sender check failed",
                "S: 503 5.5.1 need MAIL",
                "S: 503 5.5.1 need MAIL");
        assertThat(d.results).isEmpty();
        d.play("S: 503 5.5.1 need MAIL");
        assertThat(d.outcomes()).containsExactly("a@example.net TEMPORARY 4.3.0", "b@example.net TEMPORARY 4.3.0");
        assertThat(d.session.isIdle()).isTrue();
    }

    @Test
    void dataRefusedFailsTheAcceptedRecipientsAndResets() {
        Dialogue d = Dialogue.ready().send(Dialogue.transaction(10, "a@example.net", "b@example.net")).play(
                "C: MAIL FROM:<alice@example.org>",
                "S: 250 Ok",
                "C: RCPT TO:<a@example.net>",
                "S: 250 Ok",
                "C: RCPT TO:<b@example.net>",
                "S: 550 5.1.1 unknown",
                "C: DATA",
                "S: 451 4.3.0 local error",
                "C: RSET",
                "S: 250 Ok");
        assertThat(d.outcomes()).containsExactly("a@example.net TEMPORARY 4.3.0", "b@example.net PERMANENT 5.1.1");
        assertThat(d.result().recipients().get(0).stage()).isEqualTo(Stage.DATA_INITIATION);
    }

    @Test
    void contentRefusedAfterTheEndOfData() {
        Dialogue d = Dialogue.ready("PIPELINING").send(Dialogue.transaction(10, "a@example.net", "b@example.net")).play(
                "C: MAIL FROM:<alice@example.org>",
                "C: RCPT TO:<a@example.net>",
                "C: RCPT TO:<b@example.net>",
                "C: DATA",
                "S: 250 Ok",
                "S: 250 Ok",
                "S: 250 Ok",
                "S: 354 go ahead",
                "BODY",
                "S: 554 5.7.1 spam");
        assertThat(d.outcomes()).containsExactly("a@example.net PERMANENT 5.7.1", "b@example.net PERMANENT 5.7.1");
        assertThat(d.result().recipients()).extracting(RecipientResult::stage).containsOnly(Stage.DATA_TERMINATION);
        // The server closed the transaction with its reply: no RSET needed.
        assertThat(d.session.isIdle()).isTrue();
    }

    @Test
    void twoTransactionsOnOneConnectionWithRsetAfterTheFailedOne() {
        Dialogue d = Dialogue.ready("PIPELINING").send(Dialogue.transaction(10, "a@example.net")).play(
                "C: MAIL FROM:<alice@example.org>",
                "C: RCPT TO:<a@example.net>",
                "C: DATA",
                "S: 250 Ok",
                "S: 550 5.1.1 unknown",
                "S: 554 5.5.1 no valid recipients",
                "C: RSET");
        assertThat(d.outcomes()).containsExactly("a@example.net PERMANENT 5.1.1");
        // Handed over before RSET is answered, the next one waits for it.
        d.send(Dialogue.transaction(10, "b@example.net")).play(
                "S: 250 2.0.0 Ok",
                "C: MAIL FROM:<alice@example.org>",
                "C: RCPT TO:<b@example.net>",
                "C: DATA",
                "S: 250 Ok",
                "S: 250 Ok",
                "S: 354 go ahead",
                "BODY",
                "S: 250 2.0.0 queued");
        assertThat(d.outcomes()).containsExactly("b@example.net DELIVERED 2.0.0");
        d.send(Dialogue.transaction(10, "c@example.net")).play(
                "C: MAIL FROM:<alice@example.org>",
                "C: RCPT TO:<c@example.net>",
                "C: DATA");
        assertThat(d.results).hasSize(2);
    }

    @Test
    void quitEndsAnIdleSession() {
        Dialogue d = Dialogue.ready();
        assertThat(Dialogue.written(d.session.quit())).isEqualTo("QUIT\r\n");
        assertThat(d.session.isClosed()).isTrue();
        assertThat(d.session.quit()).isEmpty();
    }

    @Test
    void everyParameterWhenTheServerOffersItsExtension() {
        Recipient withDsn = new Recipient("b@example.net", Set.of(DsnNotify.SUCCESS, DsnNotify.FAILURE),
                Optional.of(new OriginalRecipient("rfc822", "B+list=x@example.net")));
        Recipient never = new Recipient("c@example.net", Set.of(DsnNotify.NEVER), Optional.empty());
        MailTransaction message = new MailTransaction(Optional.of(MailAddress.parse("alice@example.org")),
                List.of(withDsn, never), 1234, BodyType.EIGHT_BIT_MIME, false, Optional.of(DsnReturn.HDRS),
                Optional.of("id 42+x"));
        Dialogue.ready("SIZE", "8BITMIME", "DSN").send(message).play(
                "C: MAIL FROM:<alice@example.org> SIZE=1234 BODY=8BITMIME RET=HDRS ENVID=id+2042+2Bx",
                "S: 250 Ok",
                "C: RCPT TO:<b@example.net> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;B+2Blist+3Dx@example.net",
                "S: 250 Ok",
                "C: RCPT TO:<c@example.net> NOTIFY=NEVER",
                "S: 250 Ok",
                "C: DATA");
    }

    @Test
    void noParameterTheServerDoesNotOffer() {
        // 8BITMIME without the extension: sent as it is, without BODY (see EnvelopeCommands).
        Recipient withDsn = new Recipient("b@example.net", Set.of(DsnNotify.SUCCESS),
                Optional.of(new OriginalRecipient("rfc822", "b@example.net")));
        MailTransaction message = new MailTransaction(Optional.of(MailAddress.parse("alice@example.org")),
                List.of(withDsn), 1234, BodyType.EIGHT_BIT_MIME, false, Optional.of(DsnReturn.FULL), Optional.of("x"));
        Dialogue d = Dialogue.ready().send(message).play(
                "C: MAIL FROM:<alice@example.org>",
                "S: 250 Ok",
                "C: RCPT TO:<b@example.net>",
                "S: 250 Ok",
                "C: DATA",
                "S: 354 go ahead",
                "BODY",
                "S: 250 Ok");
        assertThat(d.result().dsnPassedOn()).isFalse();
    }

    @Test
    void nullReversePathForBounces() {
        MailTransaction bounce = MailTransaction.of(Optional.empty(), List.of(Dialogue.recipient("a@example.net")), 10);
        Dialogue.ready().send(bounce).play("C: MAIL FROM:<>");
    }

    @Test
    void smtpUtf8WhenTheMessageNeedsIt() {
        MailTransaction message = new MailTransaction(Optional.of(MailAddress.parse("j\u00f6rg@example.org", true)),
                List.of(Dialogue.recipient("\u00e5sa@example.net")), 10, BodyType.EIGHT_BIT_MIME, true,
                Optional.empty(), Optional.empty());
        Dialogue.ready("8BITMIME", "SMTPUTF8").send(message).play(
                "C: MAIL FROM:<j\u00f6rg@example.org> BODY=8BITMIME SMTPUTF8",
                "S: 250 Ok",
                "C: RCPT TO:<\u00e5sa@example.net>");
    }

    @Test
    void smtpUtf8NeededButNotOfferedFailsPermanentlyWithoutSendingAnything() {
        // RFC 6531 §3.4: no downgrade, the message is returned.
        MailTransaction message = new MailTransaction(Optional.of(MailAddress.parse("alice@example.org")),
                List.of(Dialogue.recipient("\u00e5sa@example.net"), Dialogue.recipient("b@example.net")), 10,
                BodyType.EIGHT_BIT_MIME, true, Optional.empty(), Optional.empty());
        Dialogue d = Dialogue.ready("PIPELINING", "8BITMIME").send(message);
        assertThat(d.takeWritten()).isEmpty();
        assertThat(d.outcomes()).containsExactly("\u00e5sa@example.net PERMANENT 5.6.7", "b@example.net PERMANENT 5.6.7");
        assertThat(d.result().recipients().get(0).diagnosis()).isInstanceOf(Diagnosis.Local.class);
        assertThat(d.session.isIdle()).isTrue();
    }

    @Test
    void aMessageOverTheDeclaredSizeFailsPermanentlyWithoutSendingAnything() {
        Dialogue d = Dialogue.ready("PIPELINING", "SIZE 1000").send(Dialogue.transaction(1001, "a@example.net"));
        assertThat(d.takeWritten()).isEmpty();
        assertThat(d.outcomes()).containsExactly("a@example.net PERMANENT 5.3.4");
        assertThat(d.result().recipients().get(0).diagnosis()).isEqualTo(new Diagnosis.Local("3.4",
                "the message of 1001 octets exceeds the server's limit of 1000"));
        // Exactly the limit goes; so does anything under SIZE 0, which declares no limit.
        Dialogue.ready("SIZE 1000").send(Dialogue.transaction(1000, "a@example.net")).play("C: MAIL FROM:<alice@example.org> SIZE=1000");
        Dialogue.ready("SIZE 0").send(Dialogue.transaction(5_000_000, "a@example.net"))
                .play("C: MAIL FROM:<alice@example.org> SIZE=5000000");
    }

    @Test
    void binaryMimeGoesAsOneBdatChunkAfterTheRecipients() {
        MailTransaction binary = new MailTransaction(Optional.of(MailAddress.parse("alice@example.org")),
                List.of(Dialogue.recipient("a@example.net"), Dialogue.recipient("b@example.net")), 4096,
                BodyType.BINARY_MIME, false, Optional.empty(), Optional.empty());
        Dialogue d = Dialogue.ready("PIPELINING", "CHUNKING", "BINARYMIME").send(binary).play(
                "C: MAIL FROM:<alice@example.org> BODY=BINARYMIME",
                "C: RCPT TO:<a@example.net>",
                "C: RCPT TO:<b@example.net>",
                "S: 250 Ok",
                "S: 550 5.1.1 unknown",
                "S: 250 Ok",
                "C: BDAT 4096 LAST",
                "CHUNK",
                "S: 250 2.0.0 Message accepted");
        assertThat(d.outcomes()).containsExactly("a@example.net PERMANENT 5.1.1", "b@example.net DELIVERED 2.0.0");
    }

    @Test
    void binaryMimeWithoutChunkingAndBinaryMimeFailsPermanently() {
        MailTransaction binary = new MailTransaction(Optional.of(MailAddress.parse("alice@example.org")),
                List.of(Dialogue.recipient("a@example.net")), 10, BodyType.BINARY_MIME, false, Optional.empty(),
                Optional.empty());
        for (String[] offered : new String[][] {{}, {"CHUNKING"}, {"BINARYMIME"}}) {
            Dialogue d = Dialogue.ready(offered).send(binary);
            assertThat(d.takeWritten()).isEmpty();
            assertThat(d.outcomes()).containsExactly("a@example.net PERMANENT 5.6.3");
        }
    }

    @Test
    void aTransactionCannotBeSentWhileAnotherRuns() {
        Dialogue d = Dialogue.ready().send(Dialogue.transaction(1, "a@example.net"));
        assertThatThrownBy(() -> d.send(Dialogue.transaction(1, "b@example.net")))
                .isInstanceOf(IllegalStateException.class);
    }
}
