package io.mailfleet.testing.peers;

import io.mailfleet.testing.process.ConfigFiles;
import io.mailfleet.testing.process.Ports;
import io.mailfleet.testing.process.ServerProcess;
import io.mailfleet.testing.process.ServerStartException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Postfix's smtp-sink on one loopback address and port: an SMTP server that takes mail and keeps
 * each transaction as a file, or refuses the commands a test names. A test can restart it on the
 * same address and port with other behaviour, e.g. answering RCPT with 451 first and 250 after.
 */
public final class SmtpSink implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    /** As root, smtp-sink must drop to a user of its own; it writes the dump files as that user. */
    private static final String UNPRIVILEGED_USER = "nobody";

    private final Path dir;
    private final String address;
    private final int port;
    private ServerProcess process;

    /**
     * What smtp-sink refuses: commands are named as smtp-sink names them, e.g. {@code CONNECT},
     * {@code EHLO}, {@code MAIL}, {@code RCPT}, {@code DATA} and {@code .} for the end of the data.
     *
     * @param softRejected commands answered with {@code softReply} (-r)
     * @param hardRejected commands answered with {@code hardReply} (-f)
     * @param hungUpAfter  commands after which it disconnects without a reply (-q)
     * @param softReply    the 4xx reply (-b); smtp-sink's own is "450 4.3.0 Error: command failed"
     * @param hardReply    the 5xx reply (-B); smtp-sink's own is "500 5.3.0 Error: command failed"
     */
    public record Behaviour(List<String> softRejected, List<String> hardRejected, List<String> hungUpAfter,
                            String softReply, String hardReply) {

        public Behaviour {
            softRejected = List.copyOf(softRejected);
            hardRejected = List.copyOf(hardRejected);
            hungUpAfter = List.copyOf(hungUpAfter);
            Objects.requireNonNull(softReply, "softReply");
            Objects.requireNonNull(hardReply, "hardReply");
        }

        /** Takes every command and every message. */
        public static Behaviour accepting() {
            return new Behaviour(List.of(), List.of(), List.of(),
                    "450 4.3.0 Error: command failed", "500 5.3.0 Error: command failed");
        }

        public Behaviour softRejecting(String command, String reply) {
            return new Behaviour(plus(softRejected, command), hardRejected, hungUpAfter, reply, hardReply);
        }

        public Behaviour hardRejecting(String command, String reply) {
            return new Behaviour(softRejected, plus(hardRejected, command), hungUpAfter, softReply, reply);
        }

        public Behaviour hangingUpAfter(String command) {
            return new Behaviour(softRejected, hardRejected, plus(hungUpAfter, command), softReply, hardReply);
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

    /** Stops smtp-sink and starts it again on the same address and port; what it took stays. */
    public synchronized void restart(Behaviour behaviour) {
        process.close();
        run(behaviour);
    }

    private synchronized void run(Behaviour behaviour) {
        Path smtpSink = SystemCommands.find("smtp-sink", "postfix");
        Path dumps = dumpDirectory();
        List<String> command = new ArrayList<>(List.of(smtpSink.toString()));
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
        ServerProcess started = ServerProcess.start("smtp-sink", List.of(), command, dir, dir.resolve("smtp-sink.log"),
                Duration.ofSeconds(5));
        try {
            started.awaitReady(START_TIMEOUT, () -> Ports.accepts(address, port));
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        this.process = started;
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
