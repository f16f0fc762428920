package io.mailfleet.smtp;

import static io.mailfleet.smtp.SessionState.reply;

import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.event.TlsInfo;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The server side of one SMTP connection (RFC 5321 with PIPELINING, SIZE, 8BITMIME, SMTPUTF8,
 * CHUNKING, BINARYMIME, DSN, ENHANCEDSTATUSCODES, STARTTLS, AUTH): raw octets in, {@link Effect}s
 * out. It frames lines itself, so pipelined commands, overlong lines and data split anywhere are
 * handled here. Not thread-safe: the wiring calls it from one thread (or event loop) at a time.
 */
public final class SmtpSession {

    private final SessionState state;
    private final MessageTransfer transfer;
    private final CommandLineReader lines;
    private final Decisions decisions;
    private final CommandDispatcher commands;

    public SmtpSession(SmtpSettings settings, ClientFacts client, Clock clock, MessageIdGenerator ids) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(ids, "ids");
        this.state = new SessionState(settings, client);
        this.transfer = new MessageTransfer(state, clock, ids);
        AuthCommand auth = new AuthCommand(state);
        this.commands = new CommandDispatcher(state, new HelloCommand(state, transfer),
                new EnvelopeCommands(state), transfer, new SessionCommands(state, transfer), auth);
        this.lines = new CommandLineReader(state, commands, auth);
        this.decisions = new Decisions(state);
    }

    /**
     * Tells {@code observer} the verb of each command line as the session takes it (upper case; a verb
     * it does not know as {@code OTHER}), for metrics. Each command's final reply (not a 3xx) comes
     * in the order of the commands, in the effects of this or a later call.
     */
    public void observeCommands(Consumer<String> observer) {
        commands.observe(Objects.requireNonNull(observer, "observer"));
    }

    /** The 220 greeting (RFC 5321 §4.2, §3.1). */
    public List<Effect> greeting() {
        return List.of(new Effect.Reply(SmtpReply.plain(220, state.settings.hostName() + " ESMTP ready")));
    }

    /**
     * The 554 greeting of a refused connection (RFC 5321 §3.1): afterwards only QUIT is answered
     * with anything but 503.
     */
    public List<Effect> refuse() {
        state.refused = true;
        return List.of(new Effect.Reply(SmtpReply.plain(554, state.settings.hostName() + " No SMTP service here")));
    }

    public List<Effect> receive(byte[] bytes) {
        return receive(ByteBuffer.wrap(bytes));
    }

    /** Consumes octets as received from the client. */
    public List<Effect> receive(ByteBuffer bytes) {
        List<Effect> out = new ArrayList<>();
        if (state.mode == SessionMode.CLOSED || state.mode == SessionMode.TLS_HANDSHAKE) {
            // During the handshake only plaintext injected before it can arrive here (CVE-2011-0411).
            return out;
        }
        if (state.pending != null && state.in.available() + bytes.remaining() > state.settings.maxBufferedInput()) {
            // PIPELINING (RFC 2920 §3.2) lets the client send ahead while we decide, but not without
            // bound: the wiring is to stop reading while awaitingAnswer().
            state.abortMessage(out, AbortReason.SESSION_CLOSED);
            reply(out, Replies.TOO_MUCH_INPUT);
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
        if (state.mode == SessionMode.CLOSED) {
            return out;
        }
        if (state.pending == null) {
            throw new IllegalStateException("no decision is pending");
        }
        decisions.answer(answer, out);
        process(out);
        return out;
    }

    /** The TLS handshake the {@link Effect.StartTls} asked for is done: the session starts over (RFC 3207 §4.2). */
    public List<Effect> tlsStarted(TlsInfo info) {
        Objects.requireNonNull(info, "info");
        if (state.mode != SessionMode.TLS_HANDSHAKE) {
            throw new IllegalStateException("no TLS handshake was requested");
        }
        state.tlsStarted(info);
        return List.of();
    }

    /** The timer of {@link #timeout()} expired: 421 4.4.2 and close (RFC 5321 §4.5.3.2). */
    public List<Effect> timedOut() {
        List<Effect> out = new ArrayList<>();
        if (state.mode != SessionMode.CLOSED) {
            state.abortMessage(out, AbortReason.TIMEOUT);
            reply(out, Replies.TIMEOUT);
            state.close(out);
        }
        return out;
    }

    /** The connection is gone; an open message is dropped. */
    public List<Effect> connectionLost() {
        List<Effect> out = new ArrayList<>();
        state.abortMessage(out, AbortReason.CONNECTION_LOST);
        state.mode = SessionMode.CLOSED;
        state.pending = null;
        return out;
    }

    /** The timeout of RFC 5321 §4.5.3.2 that applies now. */
    public SmtpTimeout timeout() {
        if (state.pending instanceof Question.AcceptMessage) {
            return SmtpTimeout.DATA_TERMINATION;
        }
        if (state.mode == SessionMode.DATA) {
            return transfer.dataStarted() ? SmtpTimeout.DATA_BLOCK : SmtpTimeout.DATA_INITIATION;
        }
        Transaction transaction = state.transaction;
        if (state.mode == SessionMode.BDAT || transaction != null && transaction.messageOpen()) {
            return SmtpTimeout.DATA_BLOCK;
        }
        if (transaction != null) {
            boolean noRecipient = transaction.recipients.isEmpty()
                    && !(state.pending instanceof Question.CheckRecipient);
            return noRecipient ? SmtpTimeout.MAIL : SmtpTimeout.RCPT;
        }
        return state.helo == null ? SmtpTimeout.INITIAL : SmtpTimeout.SERVER_INACTIVITY;
    }

    /** True while a decision is pending: the wiring may stop reading until it answers. */
    public boolean awaitingAnswer() {
        return state.pending != null;
    }

    public boolean isClosed() {
        return state.mode == SessionMode.CLOSED;
    }

    /** Pipelined input waits while a decision is pending, and resumes with the answer. */
    private void process(List<Effect> out) {
        boolean progressed = true;
        while (progressed && state.pending == null) {
            progressed = switch (state.mode) {
                case COMMAND, SASL -> lines.readLine(out);
                case DATA -> transfer.readData(out);
                case BDAT -> transfer.readChunk(out);
                case TLS_HANDSHAKE, CLOSED -> false;
            };
        }
    }
}
