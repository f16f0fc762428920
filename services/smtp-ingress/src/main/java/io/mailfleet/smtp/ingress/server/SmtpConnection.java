package io.mailfleet.smtp.ingress.server;

import io.mailfleet.auth.AuthResult;
import io.mailfleet.model.event.TlsInfo;
import io.mailfleet.smtp.Answer;
import io.mailfleet.smtp.Effect;
import io.mailfleet.smtp.Question;
import io.mailfleet.smtp.SmtpReply;
import io.mailfleet.smtp.SmtpSession;
import io.mailfleet.smtp.ingress.accept.MessageAcceptor;
import io.mailfleet.smtp.ingress.policy.RecipientVerdict;
import io.mailfleet.store.StoreUnavailableException;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Drives one SMTP session over one socket: bytes in, the session's effects out. Every call into the
 * session happens on the connection's event loop; blocking decisions run on the lookup pool and
 * come back to the loop with their answer.
 */
final class SmtpConnection {

    /** An accept that takes longer than this is answered 451; the blob and event bounds come first. */
    private static final long ACCEPT_TIMEOUT_SECONDS = 90;

    private final NetSocket socket;
    private final Context context;
    private final SmtpSession session;
    private final Backends backends;
    private final SmtpMetrics metrics;
    private final String listener;
    private final Runnable onClosed;
    private MessageAcceptor.Upload upload;
    private long timeoutTimer = -1;
    private boolean closed;
    /** Reading stops while the blob store catches up and while a decision is pending (the session buffers only so much). */
    private boolean waitingForStore;

    SmtpConnection(NetSocket socket, Context context, SmtpSession session, Backends backends, SmtpMetrics metrics,
                   String listener, Runnable onClosed) {
        this.socket = socket;
        this.context = context;
        this.session = session;
        this.backends = backends;
        this.metrics = metrics;
        this.listener = listener;
        this.onClosed = onClosed;
    }

    void start() {
        socket.handler(buffer -> apply(session.receive(buffer.getBytes())));
        socket.closeHandler(ignored -> closed());
        socket.exceptionHandler(error -> socket.close());
        apply(session.greeting());
    }

    private void apply(List<Effect> effects) {
        for (Effect effect : effects) {
            if (closed) {
                return;
            }
            if (effect instanceof Effect.Reply reply) {
                metrics.reply(listener, reply.reply().code());
                socket.write(Buffer.buffer(reply.bytes()));
            } else if (effect instanceof Effect.StartTls) {
                startTls();
            } else if (effect instanceof Effect.Close) {
                socket.end();
            } else if (effect instanceof Effect.MessageStarted) {
                upload = backends.acceptor().begin();
                upload.onDrained(() -> context.runOnContext(ignored -> {
                    waitingForStore = false;
                    resumeReading();
                }));
            } else if (effect instanceof Effect.MessageBytes bytes) {
                metrics.received(listener, bytes.bytes().length);
                if (!upload.write(bytes.bytes())) {
                    waitingForStore = true;
                    socket.pause();
                }
            } else if (effect instanceof Effect.MessageAborted aborted) {
                upload.abort(aborted.reason().name());
                upload = null;
                metrics.rejected(listener, aborted.reason().name());
            } else if (effect instanceof Effect.Decide decide) {
                socket.pause();
                decide(decide.question());
            }
        }
        // A partial line changes nothing: a client dribbling bytes does not push its deadline back.
        if (!effects.isEmpty()) {
            armTimeout();
        }
    }

    private void decide(Question question) {
        if (question instanceof Question.CheckRecipient check) {
            offLoop(() -> recipient(check));
        } else if (question instanceof Question.Authenticate auth) {
            offLoop(() -> authenticate(auth));
        } else if (question instanceof Question.AcceptMessage accept) {
            long started = System.nanoTime();
            MessageAcceptor.Upload completing = upload;
            upload = null;
            completing.complete(stored -> AcceptedEvents.of(accept.envelope(), stored, Instant.now()))
                    .toCompletableFuture().orTimeout(ACCEPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .whenComplete((accepted, failure) -> context.runOnContext(ignored -> {
                        metrics.acceptLatency(listener, System.nanoTime() - started, failure == null);
                        answer(failure == null ? new Answer.Accepted(Optional.of(accepted.queueId())) : new Answer.TemporaryFailure());
                    }));
        }
    }

    private Answer recipient(Question.CheckRecipient check) {
        try {
            RecipientVerdict verdict = backends.accounts().policy().check(check.address(), check.authenticatedIdentity());
            return verdict.accepted() ? new Answer.RecipientAccepted()
                    : new Answer.Rejected(SmtpReply.of(verdict.code(), verdict.enhancedCode(), verdict.text()));
        } catch (StoreUnavailableException e) {
            return new Answer.Rejected(SmtpReply.of(451, "4.3.0", "Cannot check the recipient now, try again later"));
        }
    }

    private Answer authenticate(Question.Authenticate auth) {
        try {
            AuthResult result = backends.accounts().authenticator()
                    .authenticate(auth.username(), auth.password(), InetAddress.getByName(socket.remoteAddress().host()));
            metrics.authentication(listener, result instanceof AuthResult.Success);
            if (result instanceof AuthResult.Success success) {
                return new Answer.Authenticated(success.account().address().toString());
            }
            if (result instanceof AuthResult.Failure failure && failure.reason() == AuthResult.Failure.Reason.BAD_CREDENTIALS) {
                return new Answer.AuthenticationFailed();
            }
            return new Answer.AuthenticationUnavailable();
        } catch (StoreUnavailableException | java.net.UnknownHostException e) {
            return new Answer.AuthenticationUnavailable();
        }
    }

    private void offLoop(Supplier<Answer> decision) {
        CompletableFuture.supplyAsync(decision, backends.lookups())
                .whenComplete((answer, failure) -> context.runOnContext(ignored ->
                        answer(failure == null ? answer : new Answer.Rejected(SmtpReply.of(451, "4.3.0", "Local error, try again later")))));
    }

    private void answer(Answer answer) {
        if (!closed) {
            apply(session.answer(answer));
            resumeReading();
        }
    }

    private void resumeReading() {
        if (!closed && !waitingForStore && !session.awaitingAnswer()) {
            socket.resume();
        }
    }

    private void startTls() {
        socket.upgradeToSsl().onComplete(result -> {
            if (result.failed() || socket.sslSession() == null) {
                metrics.tlsHandshake(listener, false);
                socket.close();
                return;
            }
            metrics.tlsHandshake(listener, true);
            apply(session.tlsStarted(new TlsInfo(socket.sslSession().getProtocol(), socket.sslSession().getCipherSuite())));
        });
    }

    /** RFC 5321 §4.5.3.2: the timeout depends on what the session waits for. */
    private void armTimeout() {
        if (timeoutTimer >= 0) {
            context.owner().cancelTimer(timeoutTimer);
        }
        if (!closed) {
            timeoutTimer = context.owner().setTimer(session.timeout().duration().toMillis(),
                    ignored -> apply(session.timedOut()));
        }
    }

    private void closed() {
        closed = true;
        if (timeoutTimer >= 0) {
            context.owner().cancelTimer(timeoutTimer);
        }
        if (upload != null) {
            upload.abort("connection lost");
            upload = null;
        }
        onClosed.run();
    }

    /** Ends the session for a shutdown that did not wait for it: 421 and close (RFC 5321 §3.8). */
    void shutDown() {
        if (!closed) {
            socket.write(Buffer.buffer(SmtpReply.of(421, "4.3.2", "Service shutting down, try again later").toBytes()));
            socket.end();
        }
    }
}
