package io.mailfleet.smtp.ingress.server;

import io.mailfleet.auth.AuthResult;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.TlsInfo;
import io.mailfleet.quarkus.failure.TemporaryFailures;
import io.mailfleet.server.CommandMeter;
import io.mailfleet.server.Connection;
import io.mailfleet.server.Lane;
import io.mailfleet.server.Session;
import io.mailfleet.smtp.Answer;
import io.mailfleet.smtp.Effect;
import io.mailfleet.smtp.Question;
import io.mailfleet.smtp.SmtpReply;
import io.mailfleet.smtp.SmtpSession;
import io.mailfleet.smtp.ingress.accept.MessageAcceptor;
import io.mailfleet.smtp.ingress.policy.RecipientVerdict;
import io.mailfleet.store.StoreUnavailableException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The SMTP side of one connection: bytes to the session, the session's effects to the connection.
 * Recipient checks run on the metadata lane, password checks on the login lane; the body streams to
 * the blob store while it arrives.
 */
final class SmtpConnection implements Session {

    /** An accept that takes longer than this is answered 451; the blob and event bounds come first. */
    private static final long ACCEPT_TIMEOUT_SECONDS = 90;
    private static final String AUTH_UNAVAILABLE = "454 4.7.0 to AUTH";

    private final Connection connection;
    private final SmtpSession session;
    private final Backends backends;
    private final SmtpMetrics metrics;
    private final String listener;
    private MessageAcceptor.Upload upload;
    /** Set while reading waits for the blob store to catch up (the upload's buffer is bounded). */
    private CompletableFuture<Void> storeCaughtUp;

    SmtpConnection(Connection connection, SmtpSession session, Backends backends, SmtpMetrics metrics) {
        this.connection = connection;
        this.session = session;
        this.backends = backends;
        this.metrics = metrics;
        this.listener = connection.listener();
        session.observeCommands(connection.commands()::started);
    }

    @Override
    public void start() {
        metrics.connectionOpened(listener, connection.tls().isPresent());
        apply(session.greeting());
    }

    @Override
    public void received(byte[] bytes) {
        apply(session.receive(bytes));
    }

    @Override
    public boolean readyForInput() {
        return storeCaughtUp == null && !session.awaitingAnswer();
    }

    private void apply(List<Effect> effects) {
        for (Effect effect : effects) {
            if (!connection.isOpen()) {
                return;
            }
            if (effect instanceof Effect.Reply reply) {
                metrics.reply(listener, reply.reply().code());
                finished(reply.reply().code());
                connection.write(reply.bytes());
            } else if (effect instanceof Effect.StartTls) {
                connection.startTls(tls -> {
                    metrics.tlsHandshake(listener, true);
                    apply(session.tlsStarted(new TlsInfo(tls.getProtocol(), tls.getCipherSuite())));
                });
            } else if (effect instanceof Effect.Close) {
                connection.close();
            } else if (effect instanceof Effect.MessageStarted started) {
                upload = backends.acceptor().begin(started.envelope().queueId(),
                        started.envelope().reversePath().map(MailAddress::toString).orElse(""));
                upload.onDrained(() -> connection.onLoop(this::storeCaughtUp));
            } else if (effect instanceof Effect.MessageBytes bytes) {
                // The effect's array is this piece's own: the upload keeps it as it is.
                byte[] chunk = bytes.bytes();
                metrics.received(listener, chunk.length);
                if (!upload.write(chunk) && storeCaughtUp == null) {
                    storeCaughtUp = new CompletableFuture<>();
                    connection.await(storeCaughtUp, (ignored, failure) -> storeCaughtUp = null);
                }
            } else if (effect instanceof Effect.MessageAborted aborted) {
                upload.abort(aborted.reason().name());
                upload = null;
                metrics.rejected(listener, aborted.reason().name());
            } else if (effect instanceof Effect.Decide decide) {
                decide(decide.question());
            }
        }
        // A partial line changes nothing: a client dribbling bytes does not push its deadline back.
        if (!effects.isEmpty()) {
            connection.restartTimer(session.timeout().duration(), () -> apply(session.timedOut()));
        }
    }

    /** A 3xx asks for more (the message after DATA, the next AUTH step); any other code ends its command. */
    private void finished(int code) {
        switch (code / 100) {
            case 2 -> connection.commands().finished(CommandMeter.Result.OK);
            case 4 -> connection.commands().finished(CommandMeter.Result.TEMPORARY_FAILURE);
            case 5 -> connection.commands().finished(CommandMeter.Result.FAILED);
            default -> {
            }
        }
    }

    private void storeCaughtUp() {
        if (storeCaughtUp != null) {
            storeCaughtUp.complete(null);
        }
    }

    private void decide(Question question) {
        if (question instanceof Question.CheckRecipient check) {
            Optional<RecipientVerdict> remembered = backends.rememberedVerdict(check.address());
            if (remembered.isPresent()) {
                // Answered on the loop: no hand-off to the metadata lane and back for what the cache knows.
                answer(answerTo(remembered.get()));
            } else {
                connection.decide(Lane.METADATA, () -> recipient(check), this::answerOrLocalError);
            }
        } else if (question instanceof Question.Authenticate auth) {
            connection.decide(Lane.LOGIN, () -> authenticate(auth), this::answerOrLocalError);
        } else if (question instanceof Question.AcceptMessage accept) {
            long started = System.nanoTime();
            MessageAcceptor.Upload completing = upload;
            upload = null;
            connection.await(completing.complete(stored -> AcceptedEvents.of(accept.envelope(), stored, Instant.now()))
                    .toCompletableFuture().orTimeout(ACCEPT_TIMEOUT_SECONDS, TimeUnit.SECONDS), (accepted, failure) -> {
                        metrics.acceptLatency(listener, System.nanoTime() - started, failure == null);
                        // The acceptor records the failures of the store and of Kafka itself; only the
                        // overall bound running out is this connection's to record.
                        if (failure instanceof TimeoutException) {
                            TemporaryFailures.shared().record(TemporaryFailures.Cause.TIMEOUT, "451 4.3.0 to the end of a message",
                                    failure);
                        }
                        answer(failure == null ? new Answer.Accepted(Optional.of(accepted.queueId())) : new Answer.TemporaryFailure());
                    });
        }
    }

    private Answer recipient(Question.CheckRecipient check) {
        try {
            return answerTo(backends.accounts().policy().check(check.address(), check.authenticatedIdentity()));
        } catch (StoreUnavailableException e) {
            // Connecting the account store failed before the policy could ask it (the policy records its own failures).
            TemporaryFailures.shared().record("451 4.3.0 to RCPT", e);
            return new Answer.Rejected(SmtpReply.of(451, "4.3.0", "Cannot check the recipient now, try again later"));
        }
    }

    private static Answer answerTo(RecipientVerdict verdict) {
        return verdict.accepted() ? new Answer.RecipientAccepted()
                : new Answer.Rejected(SmtpReply.of(verdict.code(), verdict.enhancedCode(), verdict.text()));
    }

    private Answer authenticate(Question.Authenticate auth) {
        try {
            AuthResult result = backends.accounts().authenticator()
                    .authenticate(auth.username(), auth.password(), InetAddress.getByName(connection.clientAddress()));
            metrics.authentication(listener, result instanceof AuthResult.Success);
            if (result instanceof AuthResult.Success success) {
                connection.metrics().login("smtp", "success");
                return new Answer.Authenticated(success.account().address().toString());
            }
            if (result instanceof AuthResult.Failure failure && failure.reason() == AuthResult.Failure.Reason.BAD_CREDENTIALS) {
                connection.metrics().login("smtp", "failure");
                return new Answer.AuthenticationFailed();
            }
            if (result instanceof AuthResult.Unavailable unavailable) {
                TemporaryFailures.shared().record(AUTH_UNAVAILABLE, unavailable.cause());
            }
            connection.metrics().login("smtp", "unavailable");
            return new Answer.AuthenticationUnavailable();
        } catch (StoreUnavailableException | UnknownHostException e) {
            TemporaryFailures.shared().record(AUTH_UNAVAILABLE, e);
            connection.metrics().login("smtp", "unavailable");
            return new Answer.AuthenticationUnavailable();
        }
    }

    /** A check that failed outright (its lane full, an unexpected error) is a local error, counted by cause. */
    private void answerOrLocalError(Answer answer, Throwable failure) {
        if (failure != null) {
            TemporaryFailures.shared().record("451 4.3.0 local error", failure);
        }
        answer(failure == null ? answer : new Answer.Rejected(SmtpReply.of(451, "4.3.0", "Local error, try again later")));
    }

    private void answer(Answer answer) {
        if (connection.isOpen()) {
            apply(session.answer(answer));
        }
    }

    @Override
    public void closed() {
        if (upload != null) {
            upload.abort("connection lost");
            upload = null;
        }
        storeCaughtUp();
        metrics.connectionClosed(listener);
    }

    /** Ends the session for a shutdown that did not wait for it: 421 and close (RFC 5321 §3.8). */
    @Override
    public void drain() {
        connection.write(SmtpReply.of(421, "4.3.2", "Service shutting down, try again later").toBytes());
        connection.close();
    }
}
