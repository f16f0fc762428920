package io.mailfleet.server;

import javax.net.ssl.SSLSession;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake protocol core for the runtime's tests: CRLF lines in, one effect per command. PING answers
 * PONG; ASK x decides on a lane and answers ANSWER x; WHO names the client's address; TLS answers GO,
 * starts TLS and then says SECURE; ZIP answers GO and compresses both directions from there on; BIG n
 * streams n octets; QUIT says BYE and closes; anything else gets WHAT. A line idle for
 * the timeout gets TIMEOUT and the close. It records whether it was ever given input while it
 * waited for an answer. Made to acknowledge partial lines, it has each read that ends inside a line
 * acknowledged at once, as a core does whose command goes on after a literal.
 */
final class LineCore implements Protocol {

    final AtomicBoolean inputWhileWaiting = new AtomicBoolean();
    final AtomicInteger chunksRead = new AtomicInteger();
    /** The server's side of every TLS session, implicit or started by the TLS command. */
    final List<SSLSession> tlsSessions = new CopyOnWriteArrayList<>();
    private final Duration idleTimeout;
    private final boolean acknowledgesPartialLines;

    LineCore(Duration idleTimeout) {
        this(idleTimeout, false);
    }

    LineCore(Duration idleTimeout, boolean acknowledgesPartialLines) {
        this.idleTimeout = idleTimeout;
        this.acknowledgesPartialLines = acknowledgesPartialLines;
    }

    @Override
    public String name() {
        return "test";
    }

    @Override
    public Session open(Connection connection) {
        return new LineSession(connection);
    }

    @Override
    public byte[] refusal(Refusal reason, String listener) {
        return (reason + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private final class LineSession implements Session {

        private final Connection connection;
        private final ByteArrayOutputStream input = new ByteArrayOutputStream();
        private boolean waiting;
        private boolean handshaking;

        LineSession(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void start() {
            connection.tls().ifPresent(tlsSessions::add);
            say("HELLO");
            connection.restartTimer(idleTimeout, this::timedOut);
        }

        @Override
        public void received(byte[] bytes) {
            if (waiting) {
                inputWhileWaiting.set(true);
            }
            if (handshaking) {
                return;
            }
            input.writeBytes(bytes);
            process();
        }

        /** Like the real cores: whole lines, one command at a time, the rest kept until the answer. */
        private void process() {
            byte[] buffered = input.toByteArray();
            int start = 0;
            for (int i = 1; i < buffered.length && !waiting && !handshaking; i++) {
                if (buffered[i - 1] == '\r' && buffered[i] == '\n') {
                    command(new String(buffered, start, i - 1 - start, StandardCharsets.US_ASCII));
                    start = i + 1;
                    connection.restartTimer(idleTimeout, this::timedOut);
                }
            }
            input.reset();
            if (handshaking) {
                // What was pipelined after the TLS command is dropped, as RFC 3207 asks.
                return;
            }
            input.write(buffered, start, buffered.length - start);
            if (acknowledgesPartialLines && input.size() > 0) {
                connection.acknowledgeNow();
            }
        }

        private void command(String command) {
            if (command.equals("PING")) {
                say("PONG");
            } else if (command.startsWith("ASK ")) {
                waiting = true;
                connection.decide(Lane.METADATA, () -> {
                    Thread.sleep(100);
                    return command.substring(4);
                }, (answer, failure) -> {
                    waiting = false;
                    say("ANSWER " + answer);
                    process();
                });
            } else if (command.equals("WHO")) {
                say("YOU ARE " + connection.clientAddress());
            } else if (command.equals("TLS")) {
                say("GO");
                waiting = true;
                handshaking = true;
                connection.startTls(tls -> {
                    tlsSessions.add(tls);
                    waiting = false;
                    handshaking = false;
                    say("SECURE " + tls.getProtocol());
                    process();
                });
            } else if (command.equals("ZIP")) {
                say("GO");
                connection.startDeflate();
            } else if (command.startsWith("BIG ")) {
                waiting = true;
                connection.stream(new Zeros(Long.parseLong(command.substring(4))), failure -> {
                    waiting = false;
                    say(failure == null ? "\r\nSENT" : "\r\nFAILED");
                    process();
                });
            } else if (command.equals("QUIT")) {
                say("BYE");
                connection.close();
            } else {
                say("WHAT");
            }
        }

        private void timedOut() {
            say("TIMEOUT");
            connection.close();
        }

        private void say(String text) {
            connection.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public boolean readyForInput() {
            return !waiting;
        }

        @Override
        public void closed() {
        }

        @Override
        public void drain() {
            say("DRAIN");
            connection.close();
        }
    }

    /** {@code size} octets of 'z' in 8 KB chunks, counting the chunks read. */
    private final class Zeros implements ChunkSource {
        private long left;

        Zeros(long size) {
            this.left = size;
        }

        @Override
        public byte[] next() {
            if (left == 0) {
                return null;
            }
            chunksRead.incrementAndGet();
            int size = (int) Math.min(8192, left);
            left -= size;
            byte[] chunk = new byte[size];
            java.util.Arrays.fill(chunk, (byte) 'z');
            return chunk;
        }

        @Override
        public void close() {
        }
    }
}
