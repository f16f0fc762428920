package io.mailfleet.pop3.gateway.server;

import io.mailfleet.auth.AuthResult;
import io.mailfleet.pop3.Answer;
import io.mailfleet.pop3.Effect;
import io.mailfleet.pop3.MultilineEncoder;
import io.mailfleet.pop3.Pop3Reply;
import io.mailfleet.pop3.Pop3Session;
import io.mailfleet.pop3.Question;
import io.mailfleet.pop3.gateway.maildrop.InboxMaildrop;
import io.mailfleet.pop3.gateway.maildrop.InboxMaildrops;
import io.mailfleet.quarkus.failure.TemporaryFailures;
import io.mailfleet.server.CommandMeter;
import io.mailfleet.server.Connection;
import io.mailfleet.server.Lane;
import io.mailfleet.server.Session;
import io.mailfleet.store.StoreUnavailableException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The POP3 side of one connection: bytes to the session, the session's effects to the connection.
 * Logins run on the login lane, locks and listings on the metadata lane, and a RETR streams the
 * body from S3 chunk by chunk as the client takes it, so a message is never held in memory whole and
 * a slow reader holds no thread; a small body the body cache holds is sent from the loop.
 */
final class Pop3Connection implements Session {

    private static final String LOGIN_UNAVAILABLE = "-ERR [SYS/TEMP] to a login";

    private final Connection connection;
    private final Pop3Session session;
    private final Backends backends;
    private final InboxMaildrops maildrops;
    private final Pop3Metrics metrics;
    private final Duration lockTtl;
    private InboxMaildrop maildrop;
    private long renewTimer = -1;

    Pop3Connection(Connection connection, Pop3Session session, Backends backends, InboxMaildrops maildrops,
                   Pop3Metrics metrics, Duration lockTtl) {
        this.connection = connection;
        this.session = session;
        this.backends = backends;
        this.maildrops = maildrops;
        this.metrics = metrics;
        this.lockTtl = lockTtl;
        session.observeCommands(connection.commands()::started);
    }

    @Override
    public void start() {
        metrics.connectionOpened(connection.listener(), connection.tls().isPresent());
        apply(session.greeting());
    }

    @Override
    public void received(byte[] bytes) {
        apply(session.receive(bytes));
    }

    @Override
    public boolean readyForInput() {
        return !session.awaitingWiring();
    }

    private void apply(List<Effect> effects) {
        for (Effect effect : effects) {
            if (!connection.isOpen()) {
                return;
            }
            if (effect instanceof Effect.Reply reply) {
                finished(reply.reply());
                connection.write(reply.bytes());
            } else if (effect instanceof Effect.StartTls) {
                connection.startTls(tls -> {
                    metrics.tlsHandshake("pop3", true);
                    apply(session.tlsStarted());
                });
            } else if (effect instanceof Effect.Close) {
                releaseMaildrop();
                connection.close();
            } else if (effect instanceof Effect.Delay delay) {
                connection.delay(delay.duration(), () -> resumeWith(session.delayElapsed()));
            } else if (effect instanceof Effect.Decide decide) {
                decide(decide.question());
            }
        }
        armIdleTimer();
    }

    /** A SASL continuation asks for more; {@code +OK} and {@code -ERR} end their command. */
    private void finished(Pop3Reply reply) {
        switch (reply.status()) {
            case OK -> connection.commands().finished(CommandMeter.Result.OK);
            case ERR -> connection.commands().finished(reply.text().startsWith("[SYS/TEMP]") || reply.text().startsWith("[IN-USE]")
                    ? CommandMeter.Result.TEMPORARY_FAILURE : CommandMeter.Result.FAILED);
            case CONTINUATION -> {
            }
        }
    }

    private void decide(Question question) {
        if (question instanceof Question.Authenticate authenticate) {
            connection.decide(Lane.LOGIN, () -> authenticate(authenticate), (answer, failure) -> {
                if (failure != null) {
                    TemporaryFailures.shared().record(inSession(LOGIN_UNAVAILABLE), failure);
                }
                resumeWith(session.answer(failure == null ? answer : new Answer.Unavailable()));
            });
        } else if (question instanceof Question.OpenMaildrop open) {
            connection.decide(Lane.METADATA, () -> maildrops.open(open.user()), (opened, failure) -> {
                if (failure != null) {
                    TemporaryFailures.shared().record(inSession("-ERR [SYS/TEMP] to opening the maildrop"), failure);
                    metrics.maildrop("unavailable");
                    resumeWith(session.answer(new Answer.Unavailable()));
                } else if (opened.isEmpty()) {
                    metrics.maildrop("in_use");
                    resumeWith(session.answer(new Answer.InUse()));
                } else {
                    metrics.maildrop("opened");
                    held(opened.get());
                    resumeWith(session.answer(new Answer.Opened(opened.get().listing())));
                }
            });
        } else if (question instanceof Question.SendMessage send) {
            send(maildrop, send);
        } else if (question instanceof Question.CommitDeletions commit) {
            // The commit gives the lease back itself, whatever happens.
            InboxMaildrop current = maildrop;
            stopRenewing();
            maildrop = null;
            connection.decide(Lane.METADATA, () -> commit(current, commit.uniqueIds()),
                    (answer, failure) -> resumeWith(session.answer(failure == null ? answer : new Answer.Unavailable())));
        }
    }

    private Answer authenticate(Question.Authenticate credentials) {
        try {
            AuthResult result = backends.store().authenticator().authenticate(credentials.username(), credentials.password(),
                    InetAddress.getByName(connection.clientAddress()));
            if (result instanceof AuthResult.Success success) {
                login("success");
                return new Answer.Authenticated(success.account().key());
            }
            if (result instanceof AuthResult.Failure failure && failure.reason() == AuthResult.Failure.Reason.BAD_CREDENTIALS) {
                login("failure");
                return new Answer.Rejected();
            }
            if (result instanceof AuthResult.Unavailable unavailable) {
                TemporaryFailures.shared().record(inSession(LOGIN_UNAVAILABLE), unavailable.cause());
            }
            login("unavailable");
            return new Answer.Unavailable();
        } catch (StoreUnavailableException | UnknownHostException e) {
            TemporaryFailures.shared().record(inSession(LOGIN_UNAVAILABLE), e);
            login("unavailable");
            return new Answer.Unavailable();
        }
    }

    /** A temporary failure's answer with the session it was given in, for its log line. */
    private String inSession(String answer) {
        return answer + " in session " + connection.id();
    }

    private void login(String outcome) {
        metrics.login(outcome);
        connection.metrics().login("pop3", outcome);
    }

    /** On the loop: keep the lease alive while the session lives; give it back at once if the client is gone. */
    private void held(InboxMaildrop opened) {
        if (!connection.isOpen()) {
            connection.runBlocking(Lane.METADATA, opened::release);
            return;
        }
        maildrop = opened;
        renewTimer = connection.every(Duration.ofMillis(Math.max(1000, lockTtl.toMillis() / 3)),
                () -> connection.runBlocking(Lane.METADATA, () -> {
                    boolean kept;
                    try {
                        kept = opened.renew();
                    } catch (RuntimeException e) {
                        // A store hiccup: the lease lasts its TTL, and the next renewal tries again.
                        kept = true;
                    }
                    if (!kept) {
                        // Another session holds the maildrop now: this one may no longer delete anything.
                        connection.onLoop(connection::close);
                    }
                }));
    }

    /**
     * The +OK goes out only once the content is open and its first bytes are read: a body the store
     * cannot give now is {@code -ERR [SYS/TEMP]}, never an +OK without its data. A body in the body
     * cache is sent from the loop ({@link #sendFromMemory}) unless the client is behind in reading,
     * when it is streamed as the client takes it.
     */
    private void send(InboxMaildrop current, Question.SendMessage send) {
        String command = send.bodyLines().isPresent() ? "top" : "retr";
        Optional<byte[]> inMemory = connection.writeQueueFull() ? Optional.empty()
                : current.bodyInMemory(send.message().uniqueId()).filter(body -> body.length == send.message().size());
        if (inMemory.isPresent()) {
            // Answered in the loop's next turn, as a decision is: a client's pipelined commands never nest.
            connection.await(CompletableFuture.completedFuture(inMemory.get()), (body, none) -> sendFromMemory(command, send, body));
            return;
        }
        connection.decide(Lane.BODY, () -> MessageChunks.open(current, send), (chunks, failure) -> {
            if (failure != null) {
                TemporaryFailures.shared().record(bodyFailureCause(failure),
                        inSession("-ERR [SYS/TEMP] to " + command.toUpperCase(Locale.ROOT)), failure);
                metrics.messageSent(command, 0, false);
                resumeWith(session.answer(new Answer.Unavailable()));
                return;
            }
            connection.commands().finished(CommandMeter.Result.OK);
            connection.write(send.okLine());
            connection.stream(chunks, streamFailure -> {
                if (streamFailure != null && connection.isOpen()) {
                    // The client is still there, so the store broke off: the session can only close.
                    TemporaryFailures.shared().record(bodyFailureCause(streamFailure),
                            inSession(command.toUpperCase(Locale.ROOT) + " broken off, connection closed"), streamFailure);
                }
                metrics.messageSent(command, chunks.octets(), streamFailure == null);
                resumeWith(session.answer(streamFailure == null ? new Answer.Transferred() : new Answer.TransferFailed()));
            });
        });
    }

    /**
     * A body the body cache holds, of the listed size: stuffed and written with its +OK line and terminator
     * as one write, where the body lane took a few thread hand-offs and a write (a system call) for each part.
     */
    private void sendFromMemory(String command, Question.SendMessage send, byte[] body) {
        connection.commands().finished(CommandMeter.Result.OK);
        MultilineEncoder encoder = send.encoder();
        byte[] okLine = send.okLine();
        byte[] encoded = encoder.encode(body);
        byte[] end = encoder.finish();
        byte[] response = Arrays.copyOf(okLine, okLine.length + encoded.length + end.length);
        System.arraycopy(encoded, 0, response, okLine.length, encoded.length);
        System.arraycopy(end, 0, response, okLine.length + encoded.length, end.length);
        connection.write(response);
        metrics.messageSent(command, body.length, true);
        resumeWith(session.answer(new Answer.Transferred()));
    }

    /** Reading a body is reading S3: an I/O failure that names no dependency is the store's. */
    private static TemporaryFailures.Cause bodyFailureCause(Throwable failure) {
        TemporaryFailures.Cause cause = TemporaryFailures.causeOf(failure);
        return cause == TemporaryFailures.Cause.OTHER && failure instanceof IOException ? TemporaryFailures.Cause.S3 : cause;
    }

    private Answer commit(InboxMaildrop current, List<String> uniqueIds) {
        try {
            current.commit(uniqueIds);
            metrics.deleted(uniqueIds.size());
            return new Answer.Committed();
        } catch (StoreUnavailableException e) {
            TemporaryFailures.shared().record(inSession("-ERR [SYS/TEMP] to QUIT"), e);
            return new Answer.Unavailable();
        }
    }

    private void resumeWith(List<Effect> effects) {
        if (connection.isOpen()) {
            apply(effects);
        }
    }

    private void armIdleTimer() {
        if (!connection.isOpen()) {
            return;
        }
        session.idleTimeout().ifPresentOrElse(timeout -> connection.restartTimer(timeout, () -> apply(session.timedOut())),
                connection::cancelTimer);
    }

    /** Without QUIT nothing is deleted (RFC 1939 §6): the lease is only given back. */
    private void releaseMaildrop() {
        stopRenewing();
        InboxMaildrop held = maildrop;
        maildrop = null;
        if (held != null) {
            connection.runBlocking(Lane.METADATA, held::release);
        }
    }

    private void stopRenewing() {
        if (renewTimer >= 0) {
            connection.cancel(renewTimer);
            renewTimer = -1;
        }
    }

    @Override
    public void closed() {
        session.connectionLost();
        releaseMaildrop();
        metrics.connectionClosed(connection.listener());
    }

    /** Ends the session for a shutdown that did not wait for it; nothing is deleted. */
    @Override
    public void drain() {
        connection.write("-ERR [SYS/TEMP] server shutting down, nothing was deleted\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        connection.close();
    }
}
