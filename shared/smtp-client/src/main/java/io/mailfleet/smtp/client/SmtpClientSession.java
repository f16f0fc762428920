package io.mailfleet.smtp.client;

import io.mailfleet.smtp.client.SessionState.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The client side of one SMTP connection (RFC 5321 with PIPELINING, SIZE, 8BITMIME, SMTPUTF8,
 * STARTTLS, AUTH, DSN, ENHANCEDSTATUSCODES, CHUNKING, BINARYMIME): what the wiring observes goes
 * in, {@link Effect}s come out. It holds no socket, thread or clock: the wiring arms one deadline
 * of {@link #timeout()} for the current wait and reports {@link #timedOut()}.
 *
 * <p>Transactions run one after another on the connection. {@link #send} hands one over, and it
 * starts as soon as the session is set up; its {@link Effect.TransactionFinished} carries one
 * result per recipient, after which the next may be sent. Not thread-safe: the wiring calls it
 * from one thread at a time.
 */
public final class SmtpClientSession {

    private final SessionState state;
    private final SessionSetup setup;

    public SmtpClientSession(SmtpClientSettings settings) {
        this.state = new SessionState(Objects.requireNonNull(settings, "settings"));
        this.setup = new SessionSetup(state);
    }

    /** The TCP connection is open; the greeting is awaited. */
    public List<Effect> connected() {
        requirePhase(Phase.CONNECTING, "connected");
        state.phase = Phase.SETUP;
        state.awaited.add(Awaited.GREETING);
        return List.of();
    }

    /**
     * Hands over a transaction: it starts now when the session is idle, else once setup (or the
     * RSET after a failed transaction) is done. One at a time.
     */
    public List<Effect> send(MailTransaction transaction) {
        Objects.requireNonNull(transaction, "transaction");
        if (state.phase == Phase.CLOSED) {
            throw new IllegalStateException("the session is closed");
        }
        if (state.run != null || state.queued != null) {
            throw new IllegalStateException("a transaction is already in progress");
        }
        List<Effect> out = new ArrayList<>();
        if (state.phase == Phase.READY && state.awaited.isEmpty()) {
            state.start(transaction, out);
        } else {
            state.queued = transaction;
        }
        return out;
    }

    public List<Effect> receive(byte[] bytes) {
        return receive(bytes, 0, bytes.length);
    }

    /** Octets as received from the server. */
    public List<Effect> receive(byte[] bytes, int offset, int length) {
        List<Effect> out = new ArrayList<>();
        if (state.phase == Phase.CLOSED) {
            return out;
        }
        if (state.phase == Phase.CONNECTING || state.phase == Phase.TLS_HANDSHAKE) {
            throw new IllegalStateException("nothing can be received while " + state.phase);
        }
        try {
            state.replies.feed(bytes, offset, length);
        } catch (MalformedReplyException e) {
            protocolError(e, state.stage(), out);
            return out;
        }
        process(out);
        return out;
    }

    /** The handshake the {@link Effect.StartTls} asked for succeeded. */
    public List<Effect> tlsStarted() {
        requirePhase(Phase.TLS_HANDSHAKE, "tlsStarted");
        List<Effect> out = new ArrayList<>();
        setup.tlsStarted(out);
        return out;
    }

    /**
     * The handshake failed. In {@link TlsMode#OPPORTUNISTIC} mode the result asks for
     * {@link TransactionResult.Retry#WITHOUT_TLS}: the connection is of no further use, since
     * neither side can tell where the failed handshake left the stream.
     */
    public List<Effect> tlsFailed(String detail) {
        requirePhase(Phase.TLS_HANDSHAKE, "tlsFailed");
        List<Effect> out = new ArrayList<>();
        TransactionResult.Retry retry = state.settings.tlsMode() == TlsMode.OPPORTUNISTIC
                ? TransactionResult.Retry.WITHOUT_TLS
                : TransactionResult.Retry.NONE;
        state.fail(new Diagnosis.Local("7.5", "TLS handshake failed: " + detail), Stage.STARTTLS, retry, false, out);
        return out;
    }

    /** The whole message went out as {@link Effect.SendBody} asked; its verdict is awaited. */
    public List<Effect> bodySent() {
        requirePhase(Phase.SENDING_BODY, "bodySent");
        state.phase = Phase.READY;
        state.run.bodySent();
        List<Effect> out = new ArrayList<>();
        process(out);
        return out;
    }

    /**
     * The message could not be sent whole (it could not be read, or its length was not the one
     * declared). The connection must be closed without ending the data, so that the server
     * discards the part it got.
     */
    public List<Effect> bodyFailed(String detail) {
        requirePhase(Phase.SENDING_BODY, "bodyFailed");
        List<Effect> out = new ArrayList<>();
        state.fail(new Diagnosis.Local("3.0", "cannot send the message: " + detail), Stage.DATA_BLOCK,
                TransactionResult.Retry.NONE, false, out);
        return out;
    }

    /** The connection could not be opened, or broke (end of stream, reset, failed write). */
    public List<Effect> connectionLost(String detail) {
        List<Effect> out = new ArrayList<>();
        Stage stage = state.stage();
        if (state.phase == Phase.CLOSED) {
            return out;
        }
        if (stage == Stage.CONNECT) {
            state.fail(new Diagnosis.Local("4.1", "cannot connect: " + detail), stage, TransactionResult.Retry.NONE,
                    false, out);
        } else {
            state.fail(new Diagnosis.Local("4.2", "lost connection " + duringOrIdle(stage) + ": " + detail), stage,
                    state.retryAfterConnectionEnded(), false, out);
        }
        return out;
    }

    /** The deadline armed for {@link #timeout()} passed. */
    public List<Effect> timedOut() {
        List<Effect> out = new ArrayList<>();
        Stage stage = state.stage();
        if (stage == null) {
            if (state.phase != Phase.CLOSED) {
                state.close(out);
            }
            return out;
        }
        String status = stage == Stage.CONNECT ? "4.1" : "4.2";
        state.fail(new Diagnosis.Local(status, "timed out " + stage.during()), stage, TransactionResult.Retry.NONE,
                false, out);
        return out;
    }

    /** Ends an idle session with QUIT and closes it, without waiting for the 221. */
    public List<Effect> quit() {
        List<Effect> out = new ArrayList<>();
        if (state.phase == Phase.CLOSED) {
            return out;
        }
        if (state.run != null || state.queued != null) {
            throw new IllegalStateException("a transaction is in progress");
        }
        // RFC 5321 §4.1.1.10 has the server answer QUIT before it closes; waiting for that answer
        // would only hold a connection open that has nothing left to do.
        if (state.idle()) {
            state.write(out, "QUIT\r\n");
        }
        state.close(out);
        return out;
    }

    /** How long the current wait may last: the wiring arms one deadline for it; empty when nothing is awaited. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(state.stage()).map(state.settings.timeouts()::of);
    }

    /** Set up, no transaction in progress, nothing awaited: ready for {@link #send}. */
    public boolean isIdle() {
        return state.idle();
    }

    public boolean isClosed() {
        return state.phase == Phase.CLOSED;
    }

    /** What the server offered in its last EHLO reply; {@link Capabilities#NONE} before, or after HELO. */
    public Capabilities capabilities() {
        return state.capabilities;
    }

    public boolean tlsActive() {
        return state.tlsActive;
    }

    /** Handles the replies received, in order, while the session is in a state to read them. */
    private void process(List<Effect> out) {
        while (state.phase == Phase.SETUP || state.phase == Phase.READY) {
            Stage stage = state.stage();
            try {
                var reply = state.replies.next();
                if (reply.isEmpty()) {
                    return;
                }
                handle(reply.get(), out);
            } catch (MalformedReplyException e) {
                protocolError(e, stage, out);
            }
        }
    }

    private void handle(Reply reply, List<Effect> out) throws MalformedReplyException {
        Awaited command = state.awaited.poll();
        if (command == null) {
            if (reply.code() == 421) {
                // An idle connection the server is closing, typically on its own timeout.
                state.close(out);
                return;
            }
            throw new MalformedReplyException("reply nobody asked for: " + reply);
        }
        if (reply.code() == 421) {
            // RFC 5321 §3.8: the server is shutting the connection down, whatever it was asked.
            state.fail(new Diagnosis.Remote(reply), command.stage, state.retryAfterConnectionEnded(), false, out);
            return;
        }
        switch (command) {
            case GREETING, EHLO, HELO, STARTTLS, AUTH, AUTH_USERNAME, AUTH_PASSWORD -> setup.onReply(command, reply, out);
            case MAIL, RCPT, DATA, END_OF_DATA -> state.run.onReply(command, reply, out);
            case RSET -> {
                if (reply.isPositive()) {
                    state.ready(out);
                } else {
                    state.fail(new Diagnosis.Remote(reply), Stage.RSET, TransactionResult.Retry.NONE, true, out);
                }
            }
        }
    }

    /** Out of step with the server: nothing it says can be trusted any more. */
    private void protocolError(MalformedReplyException e, Stage stage, List<Effect> out) {
        state.fail(new Diagnosis.Local("5.0", "protocol error " + duringOrIdle(stage) + ": " + e.getMessage()), stage,
                TransactionResult.Retry.NONE, false, out);
    }

    private static String duringOrIdle(Stage stage) {
        return stage == null ? "while idle" : stage.during();
    }

    private void requirePhase(Phase expected, String call) {
        if (state.phase != expected) {
            throw new IllegalStateException(call + " is not expected while " + state.phase);
        }
    }
}
