package io.mailfleet.pop3.gateway.server;

import io.mailfleet.auth.AuthResult;
import io.mailfleet.pop3.Answer;
import io.mailfleet.pop3.Effect;
import io.mailfleet.pop3.MultilineEncoder;
import io.mailfleet.pop3.Pop3Session;
import io.mailfleet.pop3.Question;
import io.mailfleet.pop3.gateway.maildrop.InboxMaildrop;
import io.mailfleet.pop3.gateway.maildrop.InboxMaildrops;
import io.mailfleet.store.StoreUnavailableException;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Drives one POP3 session over one socket: bytes in, the session's effects out. Calls into the
 * session happen on the connection's event loop; logins, locks and listings run on the blocking
 * pool, and a RETR streams the body from S3 on that pool, waiting whenever the socket's write queue
 * is full, so a message is never held in memory whole.
 */
final class Pop3Connection {

    private static final int CHUNK = 64 * 1024;

    private final NetSocket socket;
    private final Context context;
    private final Pop3Session session;
    private final Backends backends;
    private final InboxMaildrops maildrops;
    private final Semaphore logins;
    private final Pop3Metrics metrics;
    private final Duration lockTtl;
    private final Runnable onClosed;
    private InboxMaildrop maildrop;
    private long idleTimer = -1;
    private long renewTimer = -1;
    private boolean closed;

    Pop3Connection(NetSocket socket, Context context, Pop3Session session, Backends backends, InboxMaildrops maildrops,
                   Semaphore logins, Pop3Metrics metrics, Duration lockTtl, Runnable onClosed) {
        this.socket = socket;
        this.context = context;
        this.session = session;
        this.backends = backends;
        this.maildrops = maildrops;
        this.logins = logins;
        this.metrics = metrics;
        this.lockTtl = lockTtl;
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
                socket.write(Buffer.buffer(reply.bytes()));
            } else if (effect instanceof Effect.StartTls) {
                startTls();
            } else if (effect instanceof Effect.Close) {
                releaseMaildrop();
                socket.end();
            } else if (effect instanceof Effect.Delay delay) {
                socket.pause();
                context.owner().setTimer(Math.max(1, delay.duration().toMillis()), ignored -> resumeWith(session.delayElapsed()));
            } else if (effect instanceof Effect.Decide decide) {
                socket.pause();
                decide(decide.question());
            }
        }
        armIdleTimer();
    }

    private void decide(Question question) {
        if (question instanceof Question.Authenticate authenticate) {
            offLoop(() -> authenticate(authenticate), new Answer.Unavailable());
        } else if (question instanceof Question.OpenMaildrop open) {
            offLoop(() -> open(open.user()), new Answer.Unavailable());
        } else if (question instanceof Question.SendMessage send) {
            InboxMaildrop current = maildrop;
            offLoop(() -> send(current, send), new Answer.TransferFailed());
        } else if (question instanceof Question.CommitDeletions commit) {
            // The commit gives the lease back itself, whatever happens.
            InboxMaildrop current = maildrop;
            stopRenewing();
            maildrop = null;
            offLoop(() -> commit(current, commit.uniqueIds()), new Answer.Unavailable());
        }
    }

    private Answer authenticate(Question.Authenticate credentials) {
        logins.acquireUninterruptibly();
        try {
            AuthResult result = backends.store().authenticator().authenticate(credentials.username(), credentials.password(),
                    InetAddress.getByName(socket.remoteAddress().hostAddress()));
            if (result instanceof AuthResult.Success success) {
                metrics.login("success");
                return new Answer.Authenticated(success.account().key());
            }
            if (result instanceof AuthResult.Failure failure && failure.reason() == AuthResult.Failure.Reason.BAD_CREDENTIALS) {
                metrics.login("failure");
                return new Answer.Rejected();
            }
            metrics.login("unavailable");
            return new Answer.Unavailable();
        } catch (StoreUnavailableException | java.net.UnknownHostException e) {
            metrics.login("unavailable");
            return new Answer.Unavailable();
        } finally {
            logins.release();
        }
    }

    private Answer open(String account) {
        try {
            Optional<InboxMaildrop> opened = maildrops.open(account);
            if (opened.isEmpty()) {
                metrics.maildrop("in_use");
                return new Answer.InUse();
            }
            metrics.maildrop("opened");
            context.runOnContext(ignored -> held(opened.get()));
            return new Answer.Opened(opened.get().listing());
        } catch (StoreUnavailableException e) {
            metrics.maildrop("unavailable");
            return new Answer.Unavailable();
        }
    }

    /** On the loop: keep the lease alive while the session lives; give it back at once if the client is gone. */
    private void held(InboxMaildrop opened) {
        if (closed) {
            backends.blocking().execute(opened::release);
            return;
        }
        maildrop = opened;
        long period = Math.max(1000, lockTtl.toMillis() / 3);
        renewTimer = context.owner().setPeriodic(period, ignored -> backends.blocking().execute(() -> {
            boolean kept;
            try {
                kept = opened.renew();
            } catch (RuntimeException e) {
                // A store hiccup: the lease lasts its TTL, and the next renewal tries again.
                kept = true;
            }
            if (!kept) {
                // Another session holds the maildrop now: this one may no longer delete anything.
                context.runOnContext(closing -> socket.close());
            }
        }));
    }

    /**
     * The +OK goes out only once the content is open and its first bytes are read: a body the store
     * cannot give now is {@code -ERR [SYS/TEMP]}, never an +OK without its data.
     */
    private Answer send(InboxMaildrop current, Question.SendMessage send) {
        String command = send.bodyLines().isPresent() ? "top" : "retr";
        InputStream content;
        byte[] chunk = new byte[CHUNK];
        int read;
        try {
            content = current.content(send.message().uniqueId());
            read = content.read(chunk);
        } catch (IOException | RuntimeException e) {
            metrics.messageSent(command, 0, false);
            return new Answer.Unavailable();
        }
        MultilineEncoder encoder = send.encoder();
        long octets = 0;
        try (InputStream open = content) {
            write(send.okLine());
            while (read > 0 && encoder.wantsMore()) {
                octets += read;
                write(encoder.encode(chunk, 0, read));
                read = open.read(chunk);
            }
            if (encoder.wantsMore() && octets != send.message().size()) {
                throw new IOException("the stored message has " + octets + " octets, the listing said " + send.message().size());
            }
            write(encoder.finish());
            metrics.messageSent(command, octets, true);
            return new Answer.Transferred();
        } catch (IOException | RuntimeException e) {
            metrics.messageSent(command, octets, false);
            return new Answer.TransferFailed();
        }
    }

    /** From the blocking pool: writes on the loop, and waits while the socket's write queue is full. */
    private void write(byte[] bytes) throws IOException {
        if (bytes.length == 0) {
            return;
        }
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            if (closed) {
                accepted.completeExceptionally(new IOException("connection closed"));
                return;
            }
            socket.write(Buffer.buffer(bytes));
            if (socket.writeQueueFull()) {
                socket.drainHandler(drained -> accepted.complete(null));
            } else {
                accepted.complete(null);
            }
        });
        try {
            accepted.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    private Answer commit(InboxMaildrop current, List<String> uniqueIds) {
        try {
            current.commit(uniqueIds);
            metrics.deleted(uniqueIds.size());
            return new Answer.Committed();
        } catch (IOException | StoreUnavailableException e) {
            return new Answer.Unavailable();
        }
    }

    /** Decides on the blocking pool; an unexpected failure gets {@code onFailure}, an answer the question accepts. */
    private void offLoop(Supplier<Answer> decision, Answer onFailure) {
        CompletableFuture.supplyAsync(decision, backends.blocking())
                .whenComplete((answer, failure) -> context.runOnContext(ignored ->
                        resumeWith(session.answer(failure == null ? answer : onFailure))));
    }

    private void resumeWith(List<Effect> effects) {
        if (closed) {
            return;
        }
        apply(effects);
        if (!closed && !session.awaitingWiring()) {
            socket.resume();
        }
    }

    private void startTls() {
        socket.upgradeToSsl().onComplete(result -> {
            if (result.failed() || socket.sslSession() == null) {
                metrics.tlsHandshake("pop3", false);
                socket.close();
                return;
            }
            metrics.tlsHandshake("pop3", true);
            apply(session.tlsStarted());
        });
    }

    private void armIdleTimer() {
        if (idleTimer >= 0) {
            context.owner().cancelTimer(idleTimer);
            idleTimer = -1;
        }
        if (!closed) {
            session.idleTimeout().ifPresent(timeout -> idleTimer = context.owner().setTimer(timeout.toMillis(),
                    ignored -> apply(session.timedOut())));
        }
    }

    /** Without QUIT nothing is deleted (RFC 1939 §6): the lease is only given back. */
    private void releaseMaildrop() {
        stopRenewing();
        InboxMaildrop held = maildrop;
        maildrop = null;
        if (held != null) {
            backends.blocking().execute(held::release);
        }
    }

    private void stopRenewing() {
        if (renewTimer >= 0) {
            context.owner().cancelTimer(renewTimer);
            renewTimer = -1;
        }
    }

    private void closed() {
        closed = true;
        if (idleTimer >= 0) {
            context.owner().cancelTimer(idleTimer);
        }
        session.connectionLost();
        releaseMaildrop();
        onClosed.run();
    }

    /** Ends the session for a shutdown that did not wait for it; nothing is deleted. */
    void shutDown() {
        if (!closed) {
            socket.write(Buffer.buffer("-ERR [SYS/TEMP] server shutting down, nothing was deleted\r\n"));
            socket.end();
        }
    }
}
