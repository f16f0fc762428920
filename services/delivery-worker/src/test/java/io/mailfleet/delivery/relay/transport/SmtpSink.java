package io.mailfleet.delivery.relay.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Postfix's smtp-sink test server on a free loopback port, each transaction dumped to a file in
 * a directory of its own. Killed on {@link #close()}.
 */
final class SmtpSink implements AutoCloseable {

    private static final Path PROGRAM = Path.of("/usr/sbin/smtp-sink");

    final int port;
    final Path dumps;
    private final Process process;
    private final Path output;

    private SmtpSink(int port, Path dumps, Process process, Path output) {
        this.port = port;
        this.dumps = dumps;
        this.process = process;
        this.output = output;
    }

    /** Starts smtp-sink with these options (see smtp-sink(1)); {@code -c} counters go to {@link #counters()}. */
    static SmtpSink start(Path directory, String... options) throws IOException, InterruptedException {
        assertThat(PROGRAM).as("smtp-sink, from Debian's postfix package (.ci/install-test-clients installs it)")
                .isExecutable();
        Path dumps = Files.createDirectories(directory.resolve("dumps"));
        // Started as root, smtp-sink drops to the postfix user, which must reach the dump directory.
        for (Path path : List.of(directory, dumps)) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        Path output = directory.resolve("smtp-sink.out");
        // A free port can be taken by someone else before smtp-sink binds it: try again then.
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(PROGRAM.toString(), "-c", "-d", dumps + "/message."));
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("-u", "postfix"));
            }
            command.addAll(List.of(options));
            command.addAll(List.of("127.0.0.1:" + port, "10"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            SmtpSink sink = new SmtpSink(port, dumps, process, output);
            if (sink.awaitListening(Duration.ofSeconds(10))) {
                return sink;
            }
            sink.close();
        }
        throw new IOException("smtp-sink did not start: " + Files.readString(output, StandardCharsets.ISO_8859_1));
    }

    /** The last of smtp-sink's {@code -c} counters, e.g. {@code sess=1 quit=1 mesg=2}. */
    String counters() throws IOException {
        String[] updates = Files.readString(output, StandardCharsets.ISO_8859_1).split("[\r\n]+");
        return updates.length == 0 ? "" : updates[updates.length - 1];
    }

    /** Waits until the counters read as given. */
    void awaitCounters(String expected, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!counters().equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(counters()).isEqualTo(expected);
    }

    /** The dumped transactions, one file each. */
    List<String> messages() throws IOException {
        try (var files = Files.list(dumps)) {
            List<String> messages = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                messages.add(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
            return messages;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Listening once the kernel lists the socket in state LISTEN (0A in /proc/net/tcp). Asking
     * the kernel rather than connecting leaves smtp-sink's session counters alone, and rather
     * than binding the port ourselves cannot take it from under smtp-sink.
     */
    private boolean awaitListening(Duration limit) throws IOException, InterruptedException {
        String local = String.format(":%04X ", port);
        long deadline = System.nanoTime() + limit.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && (fields[1] + " ").endsWith(local) && fields[3].equals("0A")) {
                    return true;
                }
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
