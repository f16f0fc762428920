package io.mailfleet.pop3;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The server side of one POP3 connection: RFC 1939 (USER/PASS, no APOP) with CAPA, PIPELINING and the
 * response codes of RFC 2449 and RFC 3206, STLS (RFC 2595) and AUTH PLAIN and LOGIN (RFC 5034). Raw octets
 * in, {@link Effect}s out: it frames lines itself, so pipelined commands, commands split anywhere and
 * overlong lines are handled here. It has no sockets, threads or clock; what takes time the wiring does
 * and reports back.
 *
 * <h2>Driving a session</h2>
 * <ol>
 * <li>On connect, carry out {@link #greeting()}. Pass every read to {@link #receive}. Each call returns
 * effects to carry out in order:
 * <ul>
 * <li>{@link Effect.Reply}: write {@link Effect.Reply#bytes()}.
 * <li>{@link Effect.StartTls}: start the server handshake once what came before is written, and call
 * {@link #tlsStarted()} when it is done (close the connection if it fails). Plaintext read meanwhile may be
 * passed to {@link #receive} and is dropped: commands pipelined after STLS must not run inside TLS.
 * <li>{@link Effect.Decide}: decide the {@link Question} (asynchronously is fine) and pass the
 * {@link Answer} to {@link #answer}; carry out the effects it returns after the ones before.
 * <li>{@link Effect.Delay}: after the duration, call {@link #delayElapsed()}.
 * <li>{@link Effect.Close}: close once what came before is written. It may come at any point, even while
 * a message is being sent; stop sending then.
 * </ul>
 * <li>While {@link #awaitingWiring()}, input is only buffered, up to
 * {@link Pop3Settings#maxBufferedInput()}, past which the session closes: the wiring may pause reading.
 * <li>After every call, arm the idle timer for {@link #idleTimeout()}, or cancel it when that is empty; when
 * it fires, call {@link #timedOut()}. RFC 1939 §3: the session then ends silently and deletes nothing.
 * <li>When the connection is gone, call {@link #connectionLost()}. Answers still in flight may be passed
 * afterwards; they are ignored.
 * </ol>
 *
 * <h2>The decisions, in the order a session asks them</h2>
 * <ol>
 * <li>{@link Question.Authenticate} (PASS, or the end of an AUTH exchange): {@link Answer.Authenticated},
 * {@link Answer.Rejected} (a {@link Effect.Delay}, then {@code -ERR [AUTH]}; the last allowed failure closes)
 * or {@link Answer.Unavailable} ({@code -ERR [SYS/TEMP]}).
 * <li>{@link Question.OpenMaildrop} right after {@link Answer.Authenticated}: lock and snapshot the INBOX,
 * then {@link Answer.Opened}, {@link Answer.InUse} ({@code -ERR [IN-USE]}) or {@link Answer.Unavailable}.
 * The lock is held from {@link Answer.Opened} until the connection ends, however it ends: release it on
 * {@link Effect.Close}, {@link #timedOut()} and {@link #connectionLost()}.
 * <li>{@link Question.SendMessage} for RETR and TOP: open the stored content, or answer
 * {@link Answer.Unavailable} ({@code -ERR [SYS/TEMP]}) if it cannot be had now; write
 * {@link Question.SendMessage#okLine()}, stream the octets through {@link Question.SendMessage#encoder()},
 * write its {@link MultilineEncoder#finish()}, then answer {@link Answer.Transferred}, and the session goes
 * on with commands pipelined meanwhile. If the content breaks off after the {@code +OK}, answer
 * {@link Answer.TransferFailed}: a multi-line response cannot be cut short validly, so the session closes
 * without another word.
 * <li>{@link Question.CommitDeletions} after QUIT in the TRANSACTION state: remove the messages marked
 * deleted (perhaps none) and give the maildrop back, then {@link Answer.Committed} ({@code +OK} sign-off) or
 * {@link Answer.Unavailable} ({@code -ERR [SYS/TEMP]} when there were messages to remove, the sign-off
 * otherwise); the session closes after either.
 * </ol>
 *
 * <p>Not thread-safe: the wiring calls it from one thread (or event loop) at a time.
 */
public final class Pop3Session {

    private final SessionState state;
    private final LineReader lines;
    private final Decisions decisions;
    private final CommandDispatcher commands;

    public Pop3Session(Pop3Settings settings) {
        Objects.requireNonNull(settings, "settings");
        this.state = new SessionState(settings);
        AuthCommand auth = new AuthCommand(state);
        this.commands = new CommandDispatcher(state, new AuthorizationCommands(state), auth,
                new TransactionCommands(state));
        this.lines = new LineReader(state, commands, auth);
        this.decisions = new Decisions(state);
    }

    /**
     * Tells {@code observer} the keyword of each command line as the session takes it (upper case; a
     * keyword it does not know as {@code OTHER}), for metrics. Each command gets exactly one final
     * response ({@code +OK} or {@code -ERR}, not a SASL continuation; for RETR and TOP the
     * {@link Question.SendMessage#okLine()} or an {@code -ERR}), in the order of the commands.
     */
    public void observeCommands(Consumer<String> observer) {
        commands.observe(Objects.requireNonNull(observer, "observer"));
    }

    /** The greeting (RFC 1939 §4), without an APOP timestamp: APOP is not offered. */
    public List<Effect> greeting() {
        return List.of(new Effect.Reply(Pop3Reply.ok(state.settings.hostName() + " POP3 server ready")));
    }

    public List<Effect> receive(byte[] bytes) {
        return receive(ByteBuffer.wrap(bytes));
    }

    /** Consumes octets as received from the client. */
    public List<Effect> receive(ByteBuffer bytes) {
        List<Effect> out = new ArrayList<>();
        if (state.phase == Phase.CLOSED || state.phase == Phase.TLS_HANDSHAKE || state.phase == Phase.UPDATE) {
            // Plaintext before the handshake is injected (RFC 2595 §4); after QUIT nothing is read.
            return out;
        }
        if (state.waitingForWiring() && state.in.available() + bytes.remaining() > state.settings.maxBufferedInput()) {
            // PIPELINING (RFC 2449 §6.6) lets the client send ahead while we wait, but not without bound.
            // During a transfer no response can be written: the multi-line response is still open.
            if (!(state.pending instanceof Question.SendMessage)) {
                SessionState.reply(out, Replies.TOO_MUCH_INPUT);
            }
            state.close(out);
            return out;
        }
        state.in.append(bytes);
        process(out);
        return out;
    }

    /** The wiring's answer to the pending {@link Effect.Decide}; buffered input is processed after it. */
    public List<Effect> answer(Answer answer) {
        Objects.requireNonNull(answer, "answer");
        List<Effect> out = new ArrayList<>();
        if (state.phase == Phase.CLOSED) {
            return out;
        }
        if (state.pending == null) {
            throw new IllegalStateException("no decision is pending");
        }
        decisions.answer(answer, out);
        process(out);
        return out;
    }

    /** The {@link Effect.Delay} is over: the response it held back, then buffered input. */
    public List<Effect> delayElapsed() {
        List<Effect> out = new ArrayList<>();
        if (state.phase == Phase.CLOSED) {
            return out;
        }
        if (state.delayed == null) {
            throw new IllegalStateException("no delay is running");
        }
        SessionState.reply(out, state.delayed);
        state.delayed = null;
        if (state.closeAfterDelay) {
            state.close(out);
        } else {
            process(out);
        }
        return out;
    }

    /**
     * The handshake {@link Effect.StartTls} asked for is done: the session is back in AUTHORIZATION, with
     * nothing said before it remembered (RFC 2595 §4), and sends nothing until the client speaks.
     */
    public List<Effect> tlsStarted() {
        if (state.phase != Phase.TLS_HANDSHAKE) {
            throw new IllegalStateException("no TLS handshake was requested");
        }
        state.tlsActive = true;
        state.phase = Phase.AUTHORIZATION;
        state.in.clear();
        return List.of();
    }

    /**
     * The timer of {@link #idleTimeout()} expired. RFC 1939 §3: close without a response and without
     * entering UPDATE, so nothing is deleted.
     */
    public List<Effect> timedOut() {
        List<Effect> out = new ArrayList<>();
        if (state.phase != Phase.CLOSED) {
            state.close(out);
        }
        return out;
    }

    /** The connection is gone; nothing is deleted. Returns no effects, like every input without a response. */
    public List<Effect> connectionLost() {
        state.closed();
        return List.of();
    }

    /**
     * How long the client may stay silent now (RFC 1939 §3): the setting of the AUTHORIZATION or the
     * TRANSACTION state. Empty while the session waits for the wiring rather than the client, and once closed.
     */
    public Optional<Duration> idleTimeout() {
        if (state.waitingForWiring()) {
            return Optional.empty();
        }
        return switch (state.phase) {
            case AUTHORIZATION, TLS_HANDSHAKE -> Optional.of(state.settings.authorizationTimeout());
            case TRANSACTION -> Optional.of(state.settings.transactionTimeout());
            case UPDATE, CLOSED -> Optional.empty();
        };
    }

    /** True while a decision or a delay is pending: the session only buffers input, and the wiring may stop reading. */
    public boolean awaitingWiring() {
        return state.waitingForWiring();
    }

    public boolean isClosed() {
        return state.phase == Phase.CLOSED;
    }

    /** Pipelined input waits while the wiring is asked something, and resumes after. */
    private void process(List<Effect> out) {
        boolean progressed = true;
        while (progressed && state.readingCommands()) {
            progressed = lines.readLine(out);
        }
    }
}
