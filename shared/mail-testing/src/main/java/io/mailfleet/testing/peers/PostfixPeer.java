package io.mailfleet.testing.peers;

import io.mailfleet.testing.process.ConfigFiles;
import io.mailfleet.testing.process.Ports;
import io.mailfleet.testing.process.ServerProcess;
import io.mailfleet.testing.process.ServerStartException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Postfix as a remote MX: it takes mail for one domain over SMTP, offers STARTTLS with a
 * self-signed certificate for its host name, and delivers into a Maildir per mailbox, all under one
 * folder, with a log a test can read.
 *
 * <p>It is an instance of its own beside any other Postfix on the machine: its configuration, queue,
 * data, mail and log are under the folder, and it logs under a name of its own. It runs Postfix's
 * master in the foreground behind {@link ServerProcess}'s watchdog, so it stops with the JVM even
 * when the JVM is killed; stopping it sends master the SIGTERM {@code postfix stop} would send.
 * Postfix's master runs only as root.
 */
public final class PostfixPeer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(50);
    /** Postfix's own unprivileged users: its daemons run as the first, its virtual(8) agent delivers as the second. */
    private static final String MAIL_OWNER = "postfix";
    private static final String MAILDIR_OWNER = "nobody";

    private final ServerProcess process;
    private final Path dir;
    private final String address;
    private final int port;
    private final String domain;

    private PostfixPeer(ServerProcess process, Path dir, String address, int port, String domain) {
        this.process = process;
        this.dir = dir;
        this.address = address;
        this.port = port;
        this.domain = domain;
    }

    /**
     * Starts Postfix on {@code address} (a 127.0.0.X) and {@code port}, as {@code hostname}, taking
     * mail for {@code users}@{@code domain} and refusing every other recipient. {@code dir} is opened
     * to Postfix's unprivileged users, so every folder above it must let others pass (a JUnit
     * {@code @TempDir} itself does, once opened; a folder inside one does not).
     */
    public static PostfixPeer start(Path dir, String address, int port, String hostname, String domain,
                                    Set<String> users) {
        if (!SystemCommands.runningAsRoot()) {
            throw new ServerStartException("Postfix's master runs only as root");
        }
        Path base = PeerFolders.openToOthers(dir.toAbsolutePath(), "Postfix");
        Path postfix = SystemCommands.find("postfix", "postfix");
        Path postconf = SystemCommands.find("postconf", "postfix");
        Path conf = ConfigFiles.directory(base.resolve("conf"));
        ConfigFiles.directory(base.resolve("queue"));
        PeerFolders.ownedBy(ConfigFiles.directory(base.resolve("data")), MAIL_OWNER);
        PeerFolders.ownedBy(ConfigFiles.directory(base.resolve("mail")), MAILDIR_OWNER);
        Path log = base.resolve("postfix.log");

        Certificate certificate = Certificate.selfSigned(conf, hostname, COMMAND_TIMEOUT);
        ConfigFiles.write(conf.resolve("vmailbox"), users.stream()
                .map(user -> user + "@" + domain + " " + domain + "/" + user + "/\n")
                .collect(Collectors.joining()));
        ConfigFiles.write(conf.resolve("main.cf"), mainCf(base, port, hostname, domain, certificate));
        ConfigFiles.write(conf.resolve("master.cf"), masterCf(address, port));
        backdate(conf);

        // "postfix check" creates the queue's folders with their owners and modes, as "postfix start" would.
        SystemCommands.run(COMMAND_TIMEOUT, List.of(postfix.toString(), "-c", conf.toString(), "check"));
        Path master = Path.of(SystemCommands.run(COMMAND_TIMEOUT,
                List.of(postconf.toString(), "-c", conf.toString(), "-h", "daemon_directory")).strip()).resolve("master");
        if (Ports.accepts(address, port)) {
            throw new ServerStartException("Postfix: " + address + ":" + port + " is already in use");
        }
        // -s: stay in the foreground, as "postfix start-fg" runs it; its output joins Postfix's log.
        ServerProcess process = ServerProcess.start("postfix", List.of(),
                List.of(master.toString(), "-c", conf.toString(), "-s"), base, log, Duration.ofSeconds(10));
        try {
            process.awaitReady(START_TIMEOUT, () -> Ports.accepts(address, port));
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return new PostfixPeer(process, base, address, port, domain);
    }

    private static String mainCf(Path base, int port, String hostname, String domain, Certificate certificate) {
        return String.join("\n",
                "compatibility_level = 3.6",
                "queue_directory = " + base.resolve("queue"),
                "data_directory = " + base.resolve("data"),
                "mail_owner = " + MAIL_OWNER,
                "setgid_group = postdrop",
                "syslog_name = postfix-peer-" + port,
                "maillog_file = " + base.resolve("postfix.log"),
                "maillog_file_prefixes = " + base,
                "myhostname = " + hostname,
                // Only for the default listeners and the source address of mail it sends: master.cf names its own.
                "inet_interfaces = loopback-only",
                "inet_protocols = ipv4",
                "mydestination =",
                "alias_maps =",
                "alias_database =",
                "local_recipient_maps =",
                "biff = no",
                // A peer never relays: it refuses foreign recipients, and would bounce rather than send anything out.
                "smtpd_relay_restrictions = reject_unauth_destination",
                "default_transport = error:this peer does not relay",
                "relay_transport = error:this peer does not relay",
                // The client is on loopback: name it from its address and ask no DNS server about it.
                "smtpd_peername_lookup = no",
                "virtual_mailbox_domains = " + domain,
                "virtual_mailbox_base = " + base.resolve("mail"),
                "virtual_mailbox_maps = texthash:" + base.resolve("conf/vmailbox"),
                "virtual_uid_maps = static:" + id("-u", MAILDIR_OWNER),
                "virtual_gid_maps = static:" + id("-g", MAILDIR_OWNER),
                "virtual_minimum_uid = 1",
                "smtpd_tls_security_level = may",
                "smtpd_tls_cert_file = " + certificate.certificate(),
                "smtpd_tls_key_file = " + certificate.key(),
                "smtpd_tls_loglevel = 1",
                "");
    }

    /** Debian's master.cf reduced to what a receiving MX needs, nothing chrooted. */
    private static String masterCf(String address, int port) {
        return String.join("\n",
                address + ":" + port + " inet n - n - - smtpd",
                "pickup    unix  n - n 60    1 pickup",
                "cleanup   unix  n - n -     0 cleanup",
                "qmgr      unix  n - n 300   1 qmgr",
                "tlsmgr    unix  - - n 1000? 1 tlsmgr",
                "rewrite   unix  - - n -     - trivial-rewrite",
                "bounce    unix  - - n -     0 bounce",
                "defer     unix  - - n -     0 bounce",
                "trace     unix  - - n -     0 bounce",
                "verify    unix  - - n -     1 verify",
                "flush     unix  n - n 1000? 0 flush",
                "proxymap  unix  - - n -     - proxymap",
                "showq     unix  n - n -     - showq",
                "error     unix  - - n -     - error",
                "retry     unix  - - n -     - error",
                "discard   unix  - - n -     - discard",
                "virtual   unix  - n n -     - virtual",
                "anvil     unix  - - n -     1 anvil",
                "scache    unix  - - n -     1 scache",
                "postlog   unix-dgram n - n - 1 postlogd",
                "");
    }

    /**
     * Postfix reads a configuration file or table modified within the last second again and again,
     * three tenths of a second apart, until it is older, in case it is still being written: seconds
     * at every start. These are complete, so they are dated back.
     */
    private static void backdate(Path conf) {
        FileTime past = FileTime.from(Instant.now().minus(Duration.ofMinutes(1)));
        try (Stream<Path> files = Files.list(conf)) {
            for (Path file : files.toList()) {
                Files.setLastModifiedTime(file, past);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot date back " + conf, e);
        }
    }



    /** A user's numeric user id ({@code -u}) or group id ({@code -g}). */
    private static String id(String option, String user) {
        return SystemCommands.run(COMMAND_TIMEOUT, List.of("id", option, user)).strip();
    }

    /**
     * The messages delivered to {@code user}'s Maildir, oldest first, once there are at least
     * {@code count}: delivery follows the 250 to the final dot by a moment.
     */
    public List<byte[]> awaitDelivered(String user, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Path> files = maildirFiles(user);
            if (files.size() >= count) {
                return files.stream().map(PostfixPeer::read).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(files.size() + " of " + count + " messages delivered to " + user
                        + "@" + domain + " within " + timeout.toSeconds() + " s; log:\n" + process.logTail(20));
            }
            sleep();
        }
    }

    /** The first line of Postfix's log that contains {@code text}, waiting for it up to {@code timeout}. */
    public Optional<String> awaitLogLine(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() <= deadline) {
            if (process.logContains(text)) {
                return logLines().filter(line -> line.contains(text)).findFirst();
            }
            sleep();
        }
        return Optional.empty();
    }

    private Stream<String> logLines() {
        try {
            return Files.readAllLines(process.logFile()).stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + process.logFile(), e);
        }
    }

    /** Maildir names start with the delivery time in seconds, so name order is delivery order. */
    private List<Path> maildirFiles(String user) {
        Path maildir = dir.resolve("mail").resolve(domain).resolve(user);
        List<Path> files = new ArrayList<>();
        for (String folder : List.of("new", "cur")) {
            Path path = maildir.resolve(folder);
            if (Files.isDirectory(path)) {
                try (Stream<Path> list = Files.list(path)) {
                    list.forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + path, e);
                }
            }
        }
        files.sort(Comparator.comparing(Path::getFileName));
        return files;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Postfix", e);
        }
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    public String domain() {
        return domain;
    }

    /** The self-signed certificate it presents, for a client that should trust it. */
    public Path certificate() {
        return dir.resolve("conf").resolve(Certificate.CERTIFICATE_FILE);
    }

    public ServerProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
