package io.mailfleet.testing.clients.imap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * fetchmail polling one IMAP folder with the {@code idle} option: it fetches what is unseen, then
 * waits in IDLE (RFC 2177) and fetches each new message as soon as the server announces it. It keeps
 * the messages on the server, marked \Seen. Each message goes to an MDA that writes it to a file of
 * its own in {@code delivered/}.
 *
 * <p>With {@code idle} fetchmail never ends by itself; {@link #close()} stops it.
 */
public final class FetchmailImap implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final Process process;
    private final Path delivered;
    private final Path log;

    private FetchmailImap(Process process, Path delivered, Path log) {
        this.process = process;
        this.delivered = delivered;
        this.log = log;
    }

    /** Starts fetchmail on {@code folder} of {@code account}, its run-control file, state and log in {@code dir}. */
    public static FetchmailImap start(ImapAccount account, String folder, Path dir) {
        Path delivered = ClientProcess.directory(dir.resolve("delivered"));
        Path writing = ClientProcess.directory(dir.resolve("writing"));
        String tls = switch (account.security()) {
            // fetchmail 6.4 insists on TLS unless told that no TLS version is wanted.
            case NONE -> "  sslproto ''\n";
            // A TLS version without "ssl": STARTTLS, and fetchmail gives up if the server does not offer it.
            case STARTTLS -> "  sslproto tls1.2+ sslcertck sslcertfile '" + account.certificate().toAbsolutePath() + "'\n";
            case IMPLICIT_TLS -> "  ssl sslproto tls1.2+ sslcertck sslcertfile '" + account.certificate().toAbsolutePath()
                    + "'\n";
        };
        Path rc = ClientProcess.writePrivate(dir.resolve("fetchmailrc"), "set no syslog\n"
                + "poll " + account.host() + " with protocol IMAP and port " + account.port() + "\n"
                + "  user \"" + account.user() + "\" there with password \"" + account.password() + "\" is \"tester\" here\n"
                + "  folder \"" + folder + "\"\n"
                + tls
                + "  idle keep\n"
                // Written aside, then moved in whole: a file in delivered/ is always a complete message.
                + "  mda \"/bin/sh -c 'm=$(mktemp " + writing + "/message.XXXXXX) && cat >$m && mv $m " + delivered
                + "/'\"\n");
        Path log = dir.resolve("fetchmail.log");
        Process process = ClientProcess.start(List.of("fetchmail", "--nodetach", "--nosyslog", "--verbose", "-f", rc.toString(),
                "--pidfile", dir.resolve("fetchmail.pid").toString()), dir, Map.of("FETCHMAILHOME", dir.toString()), log);
        return new FetchmailImap(process, delivered, log);
    }

    /** The messages fetched so far, oldest first, once there are at least {@code count}. */
    public List<String> awaitDelivered(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> messages = delivered();
            if (messages.size() >= count) {
                return messages;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("fetchmail exited with status " + process.exitValue() + " after "
                        + messages.size() + " of " + count + " messages:\n" + log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(messages.size() + " of " + count + " messages fetched within "
                        + timeout.toSeconds() + " s; fetchmail's log:\n" + log());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for fetchmail", e);
            }
        }
    }

    /** What fetchmail has written so far: with --verbose, the IMAP dialogue too. */
    public String log() {
        return ClientProcess.read(log);
    }

    /** The messages delivered, in the order they were written. */
    private List<String> delivered() {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(delivered)) {
            list.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + delivered, e);
        }
        files.sort(Comparator.comparing(FetchmailImap::modified).thenComparing(Path::getFileName));
        return files.stream().map(FetchmailImap::read).toList();
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the time of " + file, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Stops fetchmail (SIGTERM ends its IDLE and logs it out), forcibly after a grace period. */
    @Override
    public void close() {
        ClientProcess.stop(process, STOP_GRACE);
    }
}
