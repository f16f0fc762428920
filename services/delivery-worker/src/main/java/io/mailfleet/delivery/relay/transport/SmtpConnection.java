package io.mailfleet.delivery.relay.transport;

import io.mailfleet.smtp.client.BodyFraming;
import io.mailfleet.smtp.client.DotStuffingOutputStream;
import io.mailfleet.smtp.client.Effect;
import io.mailfleet.smtp.client.MailTransaction;
import io.mailfleet.smtp.client.SmtpClientSession;
import io.mailfleet.smtp.client.Stage;
import io.mailfleet.smtp.client.TransactionResult;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One SMTP connection with blocking I/O, driving an {@link SmtpClientSession}: it connects on
 * the first {@link #deliver}, and runs one transaction per call, reusing the session. Used by one
 * thread at a time.
 *
 * <p>Reads time out after the session's {@link SmtpClientSession#timeout()}, applied to each
 * read rather than to the whole reply: a pipelined group's replies may arrive one by one, each in
 * time, and a server dripping a reply octet by octet is still bounded by the reply limits.
 */
public final class SmtpConnection implements Closeable {

    private static final int CHUNK = 64 * 1024;

    private final SmtpDestination destination;
    private final SSLSocketFactory tls;
    private final ScheduledExecutorService timer;
    private final SmtpClientSession session;
    private final byte[] readBuffer = new byte[8192];
    private Socket plain;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private DeadlineOutputStream deadlines;
    /** A read or write failed: the writes still queued are dropped; the session is told. */
    private boolean broken;
    private int transactions;

    /**
     * @param tls the factory for STARTTLS, trusting or verifying as the destination asks
     * @param timer runs the write deadlines
     */
    public SmtpConnection(SmtpDestination destination, SSLSocketFactory tls, ScheduledExecutorService timer) {
        this.destination = Objects.requireNonNull(destination, "destination");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.session = new SmtpClientSession(destination.settings());
    }

    /**
     * Runs one transaction: connects first if not yet connected, sends {@code body} when the
     * server is ready for it, and returns once the session is idle again or closed. Failures
     * come back as results, never as exceptions.
     *
     * @param body the message as stored; read only once a recipient is accepted, and not closed here
     */
    public TransactionResult deliver(MailTransaction transaction, InputStream body) {
        Deque<Effect> effects = new ArrayDeque<>(session.send(transaction));
        transactions++;
        if (plain == null) {
            effects.addAll(connect());
        }
        TransactionResult result = null;
        while (true) {
            for (Effect effect = effects.poll(); effect != null; effect = effects.poll()) {
                if (effect instanceof Effect.TransactionFinished finished) {
                    result = finished.result();
                } else if (effect instanceof Effect.Close) {
                    closeSocket();
                } else if (!broken) {
                    effects.addAll(perform(effect, transaction, body));
                }
            }
            if (session.isClosed() || result != null && session.isIdle()) {
                break;
            }
            effects.addAll(read());
        }
        if (result == null) {
            throw new IllegalStateException("the session closed without a result");
        }
        return result;
    }

    /** Idle and open: a next transaction can go on it. */
    public boolean isReusable() {
        return session.isIdle();
    }

    /** The transactions handed to this connection so far. */
    public int transactions() {
        return transactions;
    }

    /** Sends QUIT when idle, without waiting for its reply, and closes the socket. */
    @Override
    public void close() {
        if (session.isIdle()) {
            for (Effect effect : session.quit()) {
                if (effect instanceof Effect.Write write) {
                    try {
                        out.write(write.bytes());
                        out.flush();
                    } catch (IOException e) {
                        // The connection is being closed anyway.
                    }
                }
            }
        }
        closeSocket();
    }

    private List<Effect> connect() {
        plain = new Socket();
        try {
            // Commands are flushed whole before each read: Nagle has nothing left to batch.
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(destination.address(), destination.port()), millis(currentTimeout()));
            use(plain);
        } catch (SocketTimeoutException e) {
            broken = true;
            return session.timedOut();
        } catch (IOException e) {
            broken = true;
            return session.connectionLost(describe(e));
        }
        return session.connected();
    }

    private List<Effect> perform(Effect effect, MailTransaction transaction, InputStream body) {
        try {
            if (effect instanceof Effect.Write write) {
                out.write(write.bytes());
                return List.of();
            }
            if (effect instanceof Effect.StartTls) {
                return startTls();
            }
            if (effect instanceof Effect.SendBody send) {
                return sendBody(send.framing(), transaction, body);
            }
        } catch (IOException e) {
            return broke(e);
        }
        throw new IllegalStateException("unknown effect " + effect);
    }

    private List<Effect> read() {
        try {
            out.flush();
            socket.setSoTimeout(millis(currentTimeout()));
            int count = in.read(readBuffer);
            if (count < 0) {
                broken = true;
                return session.connectionLost("the server closed the connection");
            }
            return session.receive(readBuffer, 0, count);
        } catch (SocketTimeoutException e) {
            broken = true;
            return session.timedOut();
        } catch (IOException e) {
            return broke(e);
        }
    }

    private List<Effect> startTls() {
        try {
            out.flush();
            SSLSocket secure = (SSLSocket) tls.createSocket(plain, destination.hostName(), destination.port(), true);
            secure.setUseClientMode(true);
            if (destination.verifyCertificate()) {
                // RFC 7817 §3: the certificate must name the host we meant to reach (RFC 6125 rules).
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secure.setSSLParameters(parameters);
            }
            secure.setSoTimeout(millis(currentTimeout()));
            secure.startHandshake();
            use(secure);
        } catch (IOException e) {
            broken = true;
            return session.tlsFailed(describe(e));
        }
        return session.tlsStarted();
    }

    private List<Effect> sendBody(BodyFraming framing, MailTransaction transaction, InputStream body) throws IOException {
        byte[] chunk = new byte[CHUNK];
        try {
            if (framing == BodyFraming.DOT_STUFFED) {
                DotStuffingOutputStream data = new DotStuffingOutputStream(out);
                for (int count = readBody(body, chunk, chunk.length); count >= 0; count = readBody(body, chunk, chunk.length)) {
                    data.write(chunk, 0, count);
                }
                data.finish();
            } else {
                String mismatch = sendChunk(transaction.size(), body, chunk);
                if (mismatch != null) {
                    broken = true;
                    return session.bodyFailed(mismatch);
                }
            }
        } catch (UnreadableBody e) {
            broken = true;
            return session.bodyFailed("cannot read it: " + describe(e.getCause()));
        }
        out.flush();
        return session.bodySent();
    }

    /**
     * Sends exactly {@code size} octets, the length BDAT announced; returns why not when the
     * message has another length. The last piece waits until the end of the message is seen,
     * so that a longer message is never sent as a complete, truncated one.
     */
    private String sendChunk(long size, InputStream body, byte[] chunk) throws IOException, UnreadableBody {
        long remaining = size;
        while (true) {
            int count = remaining == 0 ? 0 : readBody(body, chunk, (int) Math.min(chunk.length, remaining));
            if (count < 0) {
                return "the message is shorter than its declared " + size + " octets";
            }
            remaining -= count;
            if (remaining == 0 && readBody(body, new byte[1], 1) >= 0) {
                return "the message is longer than its declared " + size + " octets";
            }
            out.write(chunk, 0, count);
            if (remaining == 0) {
                return null;
            }
        }
    }

    private static int readBody(InputStream body, byte[] buffer, int length) throws UnreadableBody {
        try {
            return body.read(buffer, 0, length);
        } catch (IOException e) {
            throw new UnreadableBody(e);
        }
    }

    /** A write or read failed: past its deadline, or the connection broke. */
    private List<Effect> broke(IOException e) {
        broken = true;
        return deadlines != null && deadlines.expired() ? session.timedOut() : session.connectionLost(describe(e));
    }

    private void use(Socket current) throws IOException {
        socket = current;
        in = current.getInputStream();
        deadlines = new DeadlineOutputStream(current.getOutputStream(), timer,
                destination.settings().timeouts().of(Stage.DATA_BLOCK), plain);
        out = new BufferedOutputStream(deadlines, CHUNK);
    }

    /** The plain socket: closing it under a TLS layer cannot block on the layer's locks. */
    private void closeSocket() {
        if (plain != null) {
            try {
                plain.close();
            } catch (IOException e) {
                // Closed is closed.
            }
        }
    }

    private Duration currentTimeout() {
        return session.timeout().orElseThrow(() -> new IllegalStateException("the session awaits nothing"));
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** The message could not be read: the connection is fine, the message is not. */
    private static final class UnreadableBody extends Exception {
        UnreadableBody(IOException cause) {
            super(cause);
        }
    }
}
