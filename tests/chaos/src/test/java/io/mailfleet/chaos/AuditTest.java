package io.mailfleet.chaos;

import io.mailfleet.testing.peers.SinkMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The verdict's rules on a made-up ledger and inventory: each way of going wrong is caught, and only those. */
class AuditTest {

    private static final String A = "u00@chaos.test";
    private static final String B = "u01@chaos.test";

    private final Ledger ledger = new Ledger();

    @Test
    void aMessageAnswered250InEachMailboxOnceIsClean() {
        ledger.record(attempt("chaos-token-1", Ledger.Outcome.ACCEPTED, A, B));
        Audit.Verdict verdict = verdict(Map.of("chaos-token-1", List.of(copy(A, 1), copy(B, 1))), List.of());

        assertThat(verdict.acknowledged()).isEqualTo(1);
        assertThat(verdict.lost()).isEmpty();
        assertThat(verdict.duplicated()).isEmpty();
        assertThat(verdict.findings()).isEmpty();
    }

    @Test
    void missingAndDoubledCopiesOfAcceptedMessagesAreLostAndDuplicated() {
        ledger.record(attempt("chaos-token-1", Ledger.Outcome.ACCEPTED, A, B));
        Audit.Verdict verdict = verdict(Map.of("chaos-token-1", List.of(copy(A, 1), copy(A, 2))), List.of());

        assertThat(verdict.lost()).singleElement().asString().contains(B);
        assertThat(verdict.duplicated()).singleElement().asString().contains(A);
    }

    @Test
    void aTemporaryFailureMayBeStoredOnceNotTwice() {
        ledger.record(attempt("chaos-token-1", Ledger.Outcome.TEMPORARY_FAILURE, A));
        ledger.record(attempt("chaos-token-2", Ledger.Outcome.TEMPORARY_FAILURE, A));
        ledger.record(attempt("chaos-token-3", Ledger.Outcome.UNANSWERED, A));
        Audit.Verdict verdict = verdict(Map.of("chaos-token-1", List.of(copy(A, 1)),
                "chaos-token-2", List.of(copy(A, 2), copy(A, 3))), List.of());

        assertThat(verdict.lost()).isEmpty();
        assertThat(verdict.duplicated()).singleElement().asString().contains("chaos-token-2");
        assertThat(verdict.temporaryFailuresStored()).isEqualTo(2);
        assertThat(verdict.unansweredStored()).isZero();
    }

    @Test
    void aMessageAcceptedOnARetryAfter451MustBeStoredOnceThoughBothAttemptsMayHaveReachedKafka() {
        ledger.record(attempt("chaos-token-1", Ledger.Outcome.TEMPORARY_FAILURE, A));
        ledger.record(attempt("chaos-token-1", Ledger.Outcome.ACCEPTED, A));
        ledger.record(attempt("chaos-token-2", Ledger.Outcome.UNANSWERED, A));
        ledger.record(attempt("chaos-token-2", Ledger.Outcome.ACCEPTED, A));
        Audit.Verdict verdict = verdict(Map.of("chaos-token-1", List.of(copy(A, 1)),
                "chaos-token-2", List.of(copy(A, 2), copy(A, 3))), List.of());

        assertThat(verdict.acknowledged()).isEqualTo(2);
        assertThat(verdict.acceptedOnRetry()).isEqualTo(2);
        assertThat(verdict.temporaryReplies()).isEqualTo(1);
        assertThat(verdict.lost()).isEmpty();
        assertThat(verdict.duplicated()).singleElement().asString().contains("chaos-token-2");
    }

    @Test
    void aRetryGivenUpAfterA451LeavesTheMessageAtMostOnce() {
        ledger.record(attempt("chaos-token-1", Ledger.Outcome.TEMPORARY_FAILURE, A));
        ledger.record(attempt("chaos-token-1", Ledger.Outcome.NOT_SENT, A));
        Audit.Verdict verdict = verdict(Map.of("chaos-token-1", List.of(copy(A, 1))), List.of());

        assertThat(verdict.findings()).isEmpty();
        assertThat(verdict.temporaryFailuresStored()).isEqualTo(1);
    }

    @Test
    void aRefusedOrUnsentMessageMustBeNowhere() {
        ledger.record(attempt("chaos-token-1", Ledger.Outcome.REFUSED, A));
        ledger.record(attempt("chaos-token-2", Ledger.Outcome.NOT_SENT, A));
        Audit.Verdict verdict = verdict(Map.of("chaos-token-1", List.of(copy(A, 1)), "chaos-token-2", List.of(copy(A, 2))), List.of());

        assertThat(verdict.findings()).hasSize(2);
    }

    @Test
    void aMessageDeletedOverPop3MustStayGone() {
        ledger.record(attempt("chaos-token-1", Ledger.Outcome.ACCEPTED, A));
        ledger.record(attempt("chaos-token-2", Ledger.Outcome.ACCEPTED, A));
        ledger.record(attempt("chaos-token-3", Ledger.Outcome.ACCEPTED, A));
        ledger.deleted(List.of(new Ledger.Change("chaos-token-1", A), new Ledger.Change("chaos-token-2", A)));
        ledger.maybeDeleted(List.of(new Ledger.Change("chaos-token-3", A)));
        Audit.Verdict verdict = verdict(Map.of("chaos-token-2", List.of(copy(A, 2))), List.of());

        assertThat(verdict.lost()).isEmpty();
        assertThat(verdict.duplicated()).singleElement().asString().contains("chaos-token-2");
    }

    @Test
    void aRemoteRecipientGetsTheMessageOnce() {
        ledger.record(new Ledger.Attempt("chaos-token-1", Set.of(), true, Ledger.Outcome.ACCEPTED, 0));
        ledger.record(new Ledger.Attempt("chaos-token-2", Set.of(), true, Ledger.Outcome.ACCEPTED, 0));
        ledger.record(new Ledger.Attempt("chaos-token-3", Set.of(), true, Ledger.Outcome.ACCEPTED, 0));
        Audit.Verdict verdict = verdict(Map.of(), List.of(relayed("chaos-token-2"), relayed("chaos-token-3"), relayed("chaos-token-3")));

        assertThat(verdict.lost()).singleElement().asString().contains("chaos-token-1");
        assertThat(verdict.duplicated()).singleElement().asString().contains("chaos-token-3");
    }

    @Test
    void aConfirmedFlagThatIsMissingAndAReusedUidAreFindings() {
        ledger.record(attempt("chaos-token-1", Ledger.Outcome.ACCEPTED, A));
        ledger.record(attempt("chaos-token-2", Ledger.Outcome.ACCEPTED, A));
        ledger.flagged(new Ledger.Change("chaos-token-1", A));
        ledger.sawUid(A, "INBOX", 7, 1, "chaos-token-1");
        Audit.Verdict verdict = verdict(Map.of("chaos-token-2", List.of(copy(A, 1))), List.of());

        assertThat(verdict.lost()).singleElement().asString().contains("chaos-token-1");
        assertThat(verdict.findings()).anyMatch(finding -> finding.contains("UID 1 named chaos-token-1"));
    }

    @Test
    void aUidSeenNamingTwoMessagesDuringTheRunIsAConflict() {
        ledger.sawUid(A, "INBOX", 7, 1, "chaos-token-1");
        ledger.sawUid(A, "INBOX", 7, 1, "chaos-token-1");
        ledger.sawUid(A, "INBOX", 8, 1, "chaos-token-2");
        assertThat(ledger.uidConflicts()).isEmpty();

        ledger.sawUid(A, "INBOX", 7, 1, "chaos-token-2");
        assertThat(ledger.uidConflicts()).singleElement().asString().contains("UIDVALIDITY 7 UID 1");
    }

    @Test
    void aTokenNobodySentIsAFinding() {
        Audit.Verdict verdict = verdict(Map.of("chaos-token-9", List.of(copy(A, 1))), List.of());

        assertThat(verdict.findings()).singleElement().asString().contains("never sent");
    }

    private Audit.Verdict verdict(Map<String, List<Audit.Copy>> copies, List<SinkMessage> relayed) {
        return Audit.verdict(ledger, new Audit.Inventory(copies, Map.of(), List.of()), relayed);
    }

    private static Ledger.Attempt attempt(String token, Ledger.Outcome outcome, String... accounts) {
        return new Ledger.Attempt(token, Set.of(accounts), false, outcome, 0);
    }

    private static Audit.Copy copy(String account, long uid) {
        return new Audit.Copy(account, "INBOX", 7, uid, false);
    }

    private static SinkMessage relayed(String token) {
        return new SinkMessage("127.0.0.1", Optional.empty(), "<sender@load.chaos.example>", List.of("<" + SmtpLoad.REMOTE + ">"),
                ("Subject: chaos " + token + "\r\n\r\ntoken " + token + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
}
