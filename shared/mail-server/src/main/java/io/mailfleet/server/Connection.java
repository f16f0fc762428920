package io.mailfleet.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;
import jdk.net.ExtendedSocketOptions;

import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One client connection as a {@link Session} drives it. Every method must be called on the
 * connection's event loop, and every callback runs there, also after the connection closed (check
 * {@link #isOpen}), so that a session can give back what a late answer brought (a lock, a lease).
 *
 * <p>Reading stops while anything the session started is pending (a decision, a delay, a streamed
 * body, a TLS handshake) and resumes only when it is done and {@link Session#readyForInput} holds.
 * No thread ever waits on the socket: writes go to the socket's queue, and a body is read one chunk
 * at a time on the {@link Lane#BODY} lane, the next chunk only once the socket has drained.
 */
public final class Connection {

    private static final AtomicLong NUMBERED = new AtomicLong();
    /** Linux's TCP_QUICKACK, which sends a pending ACK at once; not sticky: the kernel may delay later ones again. */
    private static final ChannelOption<Boolean> QUICK_ACK = NioChannelOption.of(ExtendedSocketOptions.TCP_QUICKACK);

    private final NetSocket socket;
    private final Context context;
    private final Lanes lanes;
    private final ServerMetrics metrics;
    private final String protocol;
    private final String listener;
    private final String clientAddress;
    private final CommandMeter commands;
    private final String id = Long.toString(NUMBERED.incrementAndGet(), 36);
    private Session session;
    private boolean closed;
    private boolean handshaking;
    private int pending;
    private long timer = -1;
    /** Fails the body being streamed when the connection closes while it waits for the socket to drain. */
    private Runnable abortStream;
    /** Both directions' compression once the session started it, else null. */
    private RawDeflate deflate;

    Connection(NetSocket socket, Context context, Lanes lanes, ServerMetrics metrics, String protocol, String listener,
               String clientAddress) {
        this.socket = socket;
        this.context = context;
        this.lanes = lanes;
        this.metrics = metrics;
        this.protocol = protocol;
        this.listener = listener;
        this.clientAddress = clientAddress;
        this.commands = new CommandMeter(metrics, protocol);
    }

    void start(Session driven, Runnable onClosed) {
        this.session = driven;
        socket.handler(this::received);
        socket.closeHandler(ignored -> {
            closed = true;
            cancelTimer();
            if (abortStream != null) {
                abortStream.run();
            }
            if (deflate != null) {
                deflate.end();
            }
            session.closed();
            onClosed.run();
        });
        socket.exceptionHandler(error -> socket.close());
        session.start();
    }

    /**
     * Starts a connection of an implicit-TLS listener: the TLS handshake first, then the session it
     * opens, or the close when the handshake fails or times out. What the client sends after its
     * handshake waits in the socket until the session has started.
     */
    void startWithTls(Supplier<Session> open, Runnable onClosed) {
        socket.closeHandler(ignored -> {
            closed = true;
            onClosed.run();
        });
        socket.exceptionHandler(error -> socket.close());
        // Behind a load balancer the client's first TLS octets may come in the segment of the PROXY
        // header: they reach the socket as the header's decoder leaves the pipeline, in this turn of
        // the loop and behind the TLS handler that the upgrade puts first, so they are sent through
        // again from the front. From the next turn on, everything comes through TLS.
        ChannelPipeline pipeline = ((NetSocketInternal) socket).channelHandlerContext().pipeline();
        socket.handler(early -> {
            if (pipeline.get(SslHandler.class) == null) {
                socket.close();
            } else {
                pipeline.fireChannelRead(Unpooled.wrappedBuffer(early.getBytes()));
            }
        });
        context.runOnContext(ignored -> {
            socket.handler(null);
            socket.pause();
        });
        socket.upgradeToSsl().onComplete(result -> {
            boolean succeeded = result.succeeded() && socket.sslSession() != null;
            metrics.tlsHandshake(protocol, listener, succeeded);
            if (!succeeded) {
                socket.close();
            } else if (!closed) {
                start(open.get(), onClosed);
                if (pending == 0 && session.readyForInput()) {
                    socket.resume();
                }
            }
        });
    }

    private void received(Buffer buffer) {
        // Input that arrives between STARTTLS and the end of the handshake was sent before the client
        // could know the answer: it must not be read as if it came over TLS (RFC 3207 §4.2, RFC 2595 §2.2).
        if (closed || handshaking) {
            return;
        }
        if (deflate == null) {
            metrics.bytes(protocol, "in", buffer.length());
            session.received(buffer.getBytes());
            return;
        }
        try {
            deflate.inflate(buffer.getBytes(), inflated -> {
                // A chunk's command may close the connection: what follows it is not read.
                if (!closed) {
                    metrics.bytes(protocol, "in", inflated.length);
                    session.received(inflated);
                }
            });
        } catch (IOException e) {
            socket.close();
        }
    }

    /** The client's address: the one a trusted load balancer's PROXY header named, else the peer's. */
    public String clientAddress() {
        return clientAddress;
    }

    /** The connection's number in this process, to tell its log lines from other sessions'. */
    public String id() {
        return id;
    }

    public String listener() {
        return listener;
    }

    public int localPort() {
        return socket.localAddress().port();
    }

    public boolean isOpen() {
        return !closed;
    }

    /** The TLS session when the connection is encrypted. */
    public Optional<SSLSession> tls() {
        return Optional.ofNullable(socket.sslSession());
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    /** Where the session reports its commands and their final replies, for the per-command metrics. */
    public CommandMeter commands() {
        return commands;
    }

    /** Queues bytes for the client; nothing waits for them to leave. */
    public void write(byte[] bytes) {
        if (closed || bytes.length == 0) {
            return;
        }
        metrics.bytes(protocol, "out", bytes.length);
        socket.write(Buffer.buffer(deflate == null ? bytes : deflate.deflate(bytes)));
    }

    /**
     * Acknowledges what the socket received at once instead of when the kernel's delayed-ACK timer fires (40 ms
     * or more on Linux): for input that leaves a command unfinished after a large part of it, such as a literal,
     * whose client may hold the rest of the command in its send buffer until that part is acknowledged (Nagle's
     * algorithm, which most clients leave on). The server answers nothing before the command ends, so no reply
     * would carry the ACK. A transport without the option (not Linux) keeps its delayed ACK.
     */
    public void acknowledgeNow() {
        if (closed) {
            return;
        }
        try {
            ((NetSocketInternal) socket).channelHandlerContext().channel().config()
                    .setOption(QUICK_ACK, true);
        } catch (ChannelException e) {
            // The socket closed meanwhile: there is nothing left to acknowledge.
        }
    }

    /** Whether the socket holds more unsent bytes than it should take before the client reads some. */
    public boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    /** Closes once what was written before has been sent. */
    public void close() {
        if (!closed) {
            socket.end();
        }
    }

    /**
     * Runs blocking work on a lane while reading is paused, then hands its result (or failure) to
     * {@code then} on the loop. Work the lane refuses (its queue is full) fails with
     * {@link RejectedExecutionException}.
     */
    public <T> void decide(Lane lane, Callable<T> work, BiConsumer<T, Throwable> then) {
        CompletableFuture<T> result;
        try {
            result = CompletableFuture.supplyAsync(() -> {
                try {
                    return work.call();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, lanes.executor(lane));
        } catch (RejectedExecutionException e) {
            result = CompletableFuture.failedFuture(e);
        }
        await(result, then);
    }

    /** Like {@link #decide} for work that is already asynchronous. */
    public <T> void await(CompletionStage<T> work, BiConsumer<T, Throwable> then) {
        begin();
        work.whenComplete((value, failure) -> context.runOnContext(ignored -> {
            then.accept(value, unwrap(failure));
            end();
        }));
    }

    /** Runs {@code task} on the connection's loop, from any thread (a signal from a blocking component). */
    public void onLoop(Runnable task) {
        context.runOnContext(ignored -> task.run());
    }

    /** Fire and forget: blocking work whose result nobody waits for (giving back a lock). */
    public void runBlocking(Lane lane, Runnable work) {
        try {
            lanes.executor(lane).execute(work);
        } catch (RejectedExecutionException e) {
            // Only at shutdown; what the work would give back expires on its own.
        }
    }

    /** Pauses reading for a while, then runs {@code then} (a delay after a failed login). */
    public void delay(Duration duration, Runnable then) {
        begin();
        context.owner().setTimer(Math.max(1, duration.toMillis()), ignored -> {
            then.run();
            end();
        });
    }

    /**
     * Writes a source's chunks as the client takes them, then calls {@code done} with null, or with
     * the failure (the source's, or the connection's end). Chunks are read on the {@link Lane#BODY}
     * lane, and the next one only once the socket's queue has room: a slow reader costs a paused
     * stream and no thread.
     */
    public void stream(ChunkSource source, Consumer<Throwable> done) {
        begin();
        pump(source, done);
    }

    private void pump(ChunkSource source, Consumer<Throwable> done) {
        nextChunk(source).whenComplete((chunk, failure) -> context.runOnContext(ignored -> {
            if (closed) {
                finish(source, done, new IOException("connection closed"));
            } else if (failure != null) {
                finish(source, done, unwrap(failure));
            } else if (chunk == null) {
                finish(source, done, null);
            } else {
                write(chunk);
                if (socket.writeQueueFull()) {
                    abortStream = () -> {
                        abortStream = null;
                        socket.drainHandler(null);
                        finish(source, done, new IOException("connection closed"));
                    };
                    socket.drainHandler(drained -> {
                        abortStream = null;
                        socket.drainHandler(null);
                        pump(source, done);
                    });
                } else {
                    pump(source, done);
                }
            }
        }));
    }

    private CompletableFuture<byte[]> nextChunk(ChunkSource source) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return source.next();
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            }, lanes.executor(Lane.BODY));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void finish(ChunkSource source, Consumer<Throwable> done, Throwable failure) {
        runBlocking(Lane.BODY, () -> {
            try {
                source.close();
            } catch (IOException e) {
                // The source is read to its end or given up; nothing more can be done with it.
            }
        });
        done.accept(failure);
        end();
    }

    /**
     * Starts TLS on a plain connection (STARTTLS, STLS) after the reply that announced it was queued,
     * then calls {@code then} with the session, or closes the connection when the handshake fails.
     */
    public void startTls(Consumer<SSLSession> then) {
        // Reading goes on (and drops what comes) during the handshake: paused, the socket would queue
        // the pre-handshake bytes and deliver them after it, as if they had come encrypted.
        pending++;
        handshaking = true;
        socket.resume();
        socket.upgradeToSsl().onComplete(result -> {
            handshaking = false;
            SSLSession tls = socket.sslSession();
            boolean succeeded = result.succeeded() && tls != null;
            metrics.tlsHandshake(protocol, listener, succeeded);
            if (succeeded) {
                then.accept(tls);
            } else {
                socket.close();
            }
            end();
        });
    }

    /**
     * Compresses both directions from here on with raw DEFLATE (IMAP COMPRESS, RFC 4978), inside TLS when
     * the connection has it. What was written before goes out as it was; every write after is flushed
     * whole (a sync flush), so a reply never waits in the compressor. The octets are compressed and
     * inflated where the socket gives and takes them, after TLS decrypted and before it encrypts,
     * with Vert.x's public API only.
     */
    public void startDeflate() {
        if (deflate == null && !closed) {
            deflate = new RawDeflate();
        }
    }

    /** Starts or restarts the connection's one timer (idle or command timeout); it fires on the loop. */
    public void restartTimer(Duration duration, Runnable onTimeout) {
        cancelTimer();
        if (!closed) {
            timer = context.owner().setTimer(Math.max(1, duration.toMillis()), ignored -> {
                timer = -1;
                onTimeout.run();
            });
        }
    }

    public void cancelTimer() {
        if (timer >= 0) {
            context.owner().cancelTimer(timer);
            timer = -1;
        }
    }

    /** Runs {@code task} on the loop every period until {@link #cancel} (renewing a lease); returns its id. */
    public long every(Duration period, Runnable task) {
        return context.owner().setPeriodic(Math.max(1, period.toMillis()), ignored -> task.run());
    }

    public void cancel(long periodic) {
        context.owner().cancelTimer(periodic);
    }

    /** Called by the server at the end of the shutdown grace, from any thread. */
    void drain() {
        context.runOnContext(ignored -> {
            if (!closed) {
                session.drain();
            }
        });
    }

    private void begin() {
        pending++;
        socket.pause();
    }

    private void end() {
        pending--;
        if (!closed && pending == 0 && !handshaking && session.readyForInput()) {
            socket.resume();
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
