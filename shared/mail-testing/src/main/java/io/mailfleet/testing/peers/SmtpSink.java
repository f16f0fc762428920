package io.mailfleet.testing.peers;

import io.mailfleet.testing.process.ConfigFiles;
import io.mailfleet.testing.process.Ports;
import io.mailfleet.testing.process.ServerProcess;
import io.mailfleet.testing.process.ServerStartException;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Postfix's smtp-sink on one loopback address and port: an SMTP server that takes mail and keeps
 * each transaction as a file, or refuses the commands a test names. A test can restart it on the
 * same address and port with other behaviour, e.g. answering RCPT with 451 first and 250 after.
 *
 * <p>smtp-sink runs with {@code -c} and {@code -v}, so its log says what it has seen: {@link #counters()}
 * reads from it how many sessions it accepted and ended, and how many QUITs and final dots it
 * received, which is how a test proves that a client sent two messages over one connection.
 */
public final class SmtpSink implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    /** As root, smtp-sink must drop to a user of its own; it writes the dump files as that user. */
    private static final String UNPRIVILEGED_USER = "nobody";
    private static final Duration POLL = Duration.ofMillis(20);
    /** The kernel's state number for a listening socket in /proc/net/tcp and tcp6. */
    private static final String TCP_LISTEN = "0A";

    private final Path dir;
    private final String address;
    private final int port;
    private ServerProcess process;
    /** Where in the log, which restarts append to, this run of smtp-sink began writing. */
    private long logStart;

    /**
     * What smtp-sink refuses: commands are named as smtp-sink names them, e.g. {@code CONNECT},
     * {@code EHLO}, {@code MAIL}, {@code RCPT}, {@code DATA} and {@code .} for the end of the data.
     *
     * @param softRejected commands answered with {@code softReply} (-r)
     * @param hardRejected commands answered with {@code hardReply} (-f)
     * @param hungUpAfter  commands after which it disconnects without a reply (-q)
     * @param closedWith421After commands it answers with "421 4.0.0 Server closing connection", then
     *                     disconnects (-Q)
     * @param softReply    the 4xx reply (-b); smtp-sink's own is "450 4.3.0 Error: command failed"
     * @param hardReply    the 5xx reply (-B); smtp-sink's own is "500 5.3.0 Error: command failed"
     */
    public record Behaviour(List<String> softRejected, List<String> hardRejected, List<String> hungUpAfter,
                            List<String> closedWith421After, String softReply, String hardReply) {

        public Behaviour {
            softRejected = List.copyOf(softRejected);
            hardRejected = List.copyOf(hardRejected);
            hungUpAfter = List.copyOf(hungUpAfter);
            closedWith421After = List.copyOf(closedWith421After);
            Objects.requireNonNull(softReply, "softReply");
            Objects.requireNonNull(hardReply, "hardReply");
        }

        /** A behaviour that closes no session with 421. */
        public Behaviour(List<String> softRejected, List<String> hardRejected, List<String> hungUpAfter,
                         String softReply, String hardReply) {
            this(softRejected, hardRejected, hungUpAfter, List.of(), softReply, hardReply);
        }

        /** Takes every command and every message. */
        public static Behaviour accepting() {
            return new Behaviour(List.of(), List.of(), List.of(), List.of(),
                    "450 4.3.0 Error: command failed", "500 5.3.0 Error: command failed");
        }

        public Behaviour softRejecting(String command, String reply) {
            return new Behaviour(plus(softRejected, command), hardRejected, hungUpAfter, closedWith421After,
                    reply, hardReply);
        }

        public Behaviour hardRejecting(String command, String reply) {
            return new Behaviour(softRejected, plus(hardRejected, command), hungUpAfter, closedWith421After,
                    softReply, reply);
        }

        public Behaviour hangingUpAfter(String command) {
            return new Behaviour(softRejected, hardRejected, plus(hungUpAfter, command), closedWith421After,
                    softReply, hardReply);
        }

        /** Answers {@code command} with 421 and disconnects, as a server that is shutting down does. */
        public Behaviour closingWith421After(String command) {
            return new Behaviour(softRejected, hardRejected, hungUpAfter, plus(closedWith421After, command),
                    softReply, hardReply);
        }

        private static List<String> plus(List<String> commands, String command) {
            List<String> more = new ArrayList<>(commands);
            more.add(command);
            return more;
        }

        private List<String> options() {
            List<String> options = new ArrayList<>();
            if (!softRejected.isEmpty()) {
                options.addAll(List.of("-r", String.join(",", softRejected)));
            }
            if (!hardRejected.isEmpty()) {
                options.addAll(List.of("-f", String.join(",", hardRejected)));
            }
            if (!hungUpAfter.isEmpty()) {
                options.addAll(List.of("-q", String.join(",", hungUpAfter)));
            }
            if (!closedWith421After.isEmpty()) {
                options.addAll(List.of("-Q", String.join(",", closedWith421After)));
            }
            options.addAll(List.of("-b", softReply, "-B", hardReply));
            return options;
        }
    }

    private SmtpSink(Path dir, String address, int port) {
        this.dir = dir;
        this.address = address;
        this.port = port;
    }

    /**
     * Starts smtp-sink on {@code address} (127.0.0.1, or another 127.0.0.X to stand for another
     * host) and {@code port}, with its log and the messages it takes under {@code dir}.
     */
    public static SmtpSink start(Path dir, String address, int port, Behaviour behaviour) {
        SmtpSink sink = new SmtpSink(dir, address, port);
        sink.run(behaviour);
        return sink;
    }

    /**
     * Stops smtp-sink and starts it again on the same address and port; what it took stays, its
     * {@link #counters()} begin again from zero.
     */
    public synchronized void restart(Behaviour behaviour) {
        process.close();
        run(behaviour);
    }

    private synchronized void run(Behaviour behaviour) {
        Path smtpSink = SystemCommands.find("smtp-sink", "postfix");
        Path dumps = dumpDirectory();
        // -c: counters of ended sessions, QUITs and messages; -v: a line for each connection accepted.
        List<String> command = new ArrayList<>(List.of(smtpSink.toString(), "-c", "-v"));
        if (SystemCommands.runningAsRoot()) {
            // Jailed in the dump folder, whose parents need not be open to that user.
            command.addAll(List.of("-u", UNPRIVILEGED_USER, "-R", dumps.toString(), "-d", "/%Y%m%d%H%M%S."));
        } else {
            command.addAll(List.of("-d", dumps + "/%Y%m%d%H%M%S."));
        }
        command.addAll(behaviour.options());
        command.addAll(List.of(address + ":" + port, "100"));
        if (Ports.accepts(address, port)) {
            throw new ServerStartException("smtp-sink: " + address + ":" + port + " is already in use");
        }
        Path log = dir.resolve("smtp-sink.log");
        long start = size(log);
        ServerProcess started = ServerProcess.start("smtp-sink", List.of(), command, dir, log, Duration.ofSeconds(5));
        try {
            // Asks the kernel instead of connecting: a test connection would count as a session.
            started.awaitReady(START_TIMEOUT, this::listening);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        this.process = started;
        this.logStart = start;
    }

    /** True once the kernel lists a socket on our address and port in state LISTEN. */
    private boolean listening() {
        byte[] ip;
        try {
            ip = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new ServerStartException("smtp-sink: no such address " + address, e);
        }
        // /proc/net/tcp{,6} show an address as 32-bit words, each printed in the host's byte order.
        ByteBuffer words = ByteBuffer.wrap(ip).order(ByteOrder.nativeOrder());
        StringBuilder local = new StringBuilder();
        while (words.hasRemaining()) {
            local.append(String.format(Locale.ROOT, "%08X", words.getInt()));
        }
        local.append(String.format(Locale.ROOT, ":%04X", port));
        Path sockets = Path.of(ip.length == 4 ? "/proc/net/tcp" : "/proc/net/tcp6");
        if (!Files.isReadable(sockets)) {
            throw new ServerStartException("smtp-sink: cannot tell whether it listens without " + sockets);
        }
        try (Stream<String> lines = Files.lines(sockets)) {
            return lines.skip(1).map(line -> line.trim().split("\\s+"))
                    .anyMatch(fields -> fields.length > 3 && fields[1].equals(local.toString())
                            && fields[3].equals(TCP_LISTEN));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sockets, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path dumpDirectory() {
        Path dumps = ConfigFiles.directory(dir.resolve("received"));
        if (SystemCommands.runningAsRoot()) {
            try {
                UserPrincipal user = dumps.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(UNPRIVILEGED_USER);
                Files.setOwner(dumps, user);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot give " + dumps + " to " + UNPRIVILEGED_USER, e);
            }
        }
        return dumps;
    }

    /**
     * The transactions smtp-sink took, oldest first. smtp-sink writes one as the client sends it,
     * so read them once the client has its reply to the final dot.
     */
    public List<SinkMessage> received() {
        try (Stream<Path> files = Files.list(dir.resolve("received"))) {
            return files.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(SmtpSink::modified).thenComparing(Path::getFileName))
                    .map(SinkMessage::read)
                    .flatMap(Optional::stream)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list what smtp-sink took in " + dir, e);
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What this run of smtp-sink has counted so far, read from its log. smtp-sink counts a session
     * once it has ended, so a session the client has just closed may not be counted yet: see
     * {@link #awaitIdle(Duration)}.
     */
    public SinkCounters counters() {
        Path log;
        long from;
        synchronized (this) {
            log = process.logFile();
            from = logStart;
        }
        String written;
        try (RandomAccessFile in = new RandomAccessFile(log.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.max(0, in.length() - from)];
            in.seek(from);
            in.readFully(bytes);
            written = new String(bytes, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read smtp-sink's log " + log, e);
        }
        return SinkCounters.read(written);
    }

    /**
     * Waits until smtp-sink has ended and counted every session it accepted, and returns its
     * counters then. Call it once the client has closed its connections, or expects smtp-sink to
     * have closed them: a session that stays open keeps smtp-sink from being idle.
     *
     * @throws IllegalStateException when smtp-sink is not idle within {@code timeout}, or has exited
     */
    public SinkCounters awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            SinkCounters counters = counters();
            if (counters.idle()) {
                return counters;
            }
            if (!process().isAlive()) {
                throw new IllegalStateException("smtp-sink exited with sessions open: " + counters);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("smtp-sink still had sessions open after "
                        + timeout.toMillis() + " ms: " + counters);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for smtp-sink to be idle", e);
            }
        }
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    public synchronized ServerProcess process() {
        return process;
    }

    @Override
    public synchronized void close() {
        process.close();
    }
}
