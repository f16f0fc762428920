package io.mailfleet.smtp.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The state the session's parts share, and the steps that end transactions and the session. */
final class SessionState {

    enum Phase {
        /** The wiring has not reported the TCP connection yet. */
        CONNECTING,
        /** Greeting, EHLO, STARTTLS and AUTH. */
        SETUP,
        /** The wiring is doing the TLS handshake. */
        TLS_HANDSHAKE,
        /** Set up: transactions run here, one at a time. */
        READY,
        /** The wiring is sending the message. */
        SENDING_BODY,
        CLOSED
    }

    final SmtpClientSettings settings;
    final ReplyReader replies = new ReplyReader();
    /** What each reply still to come answers, oldest first. */
    final Deque<Awaited> awaited = new ArrayDeque<>();
    Phase phase = Phase.CONNECTING;
    Capabilities capabilities = Capabilities.NONE;
    boolean tlsActive;
    /** A transaction handed over before the session was ready for it. */
    MailTransaction queued;
    /** The transaction in progress. */
    TransactionRun run;
    /** Transactions that exchanged commands with the server, whatever their outcome. */
    int completedRuns;

    SessionState(SmtpClientSettings settings) {
        this.settings = settings;
    }

    void write(List<Effect> out, String commands) {
        out.add(new Effect.Write(commands.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes a command and expects its reply. */
    void send(List<Effect> out, String command, Awaited reply) {
        write(out, command);
        awaited.add(reply);
    }

    /** The stage waited on, or null when idle or closed. */
    Stage stage() {
        return switch (phase) {
            case CONNECTING -> Stage.CONNECT;
            case TLS_HANDSHAKE -> Stage.STARTTLS;
            case SENDING_BODY -> Stage.DATA_BLOCK;
            case CLOSED -> null;
            case SETUP, READY -> awaited.isEmpty() ? null : awaited.peek().stage;
        };
    }

    boolean idle() {
        return phase == Phase.READY && run == null && queued == null && awaited.isEmpty();
    }

    /** Setup is done, or an RSET answered: the queued transaction, if any, starts. */
    void ready(List<Effect> out) {
        phase = Phase.READY;
        if (queued != null) {
            MailTransaction next = queued;
            queued = null;
            start(next, out);
        }
    }

    void start(MailTransaction transaction, List<Effect> out) {
        var refusal = Preflight.refusal(transaction, capabilities);
        if (refusal.isPresent()) {
            out.add(new Effect.TransactionFinished(TransactionRun.refused(transaction, refusal.get())));
            return;
        }
        run = new TransactionRun(this, transaction);
        run.start(out);
    }

    /**
     * The transaction in progress is over. When it ended before the server's reply to the end of
     * data, the server may still hold some of it (a sender, recipients): RSET clears that before
     * the next one (RFC 5321 §4.1.1.5).
     */
    void finishRun(boolean reset, List<Effect> out) {
        out.add(new Effect.TransactionFinished(run.result(TransactionResult.Retry.NONE)));
        run = null;
        completedRuns++;
        if (reset) {
            send(out, "RSET\r\n", Awaited.RSET);
        }
    }

    /**
     * The session cannot go on: what is pending fails temporarily with this diagnosis, and the
     * connection is closed, after a QUIT when the server is still listening to commands.
     */
    void fail(Diagnosis why, Stage stage, TransactionResult.Retry retry, boolean quit, List<Effect> out) {
        if (run != null) {
            out.add(new Effect.TransactionFinished(run.failPending(why, stage, retry)));
        } else if (queued != null) {
            out.add(new Effect.TransactionFinished(TransactionRun.failAll(queued, why, stage, retry)));
        }
        if (quit) {
            write(out, "QUIT\r\n");
        }
        close(out);
    }

    /**
     * A connection used before was closed under the transaction before the server answered
     * MAIL FROM: it can go again at once on a new connection.
     */
    TransactionResult.Retry retryAfterConnectionEnded() {
        boolean untouched = queued != null || run != null && !run.mailAnswered();
        return completedRuns > 0 && untouched ? TransactionResult.Retry.ON_NEW_CONNECTION : TransactionResult.Retry.NONE;
    }

    void close(List<Effect> out) {
        out.add(new Effect.Close());
        phase = Phase.CLOSED;
        run = null;
        queued = null;
        awaited.clear();
        replies.discard();
    }
}
