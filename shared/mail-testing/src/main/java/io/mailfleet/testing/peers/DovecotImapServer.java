package io.mailfleet.testing.peers;

import io.mailfleet.testing.clients.imap.ImapAccount;
import io.mailfleet.testing.clients.imap.ImapSecurity;
import io.mailfleet.testing.process.ConfigFiles;
import io.mailfleet.testing.process.Ports;
import io.mailfleet.testing.process.ServerProcess;
import io.mailfleet.testing.process.ServerStartException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Dovecot (Debian's dovecot-imapd) as a reference IMAP server: the side the standard clients are
 * first proven against, and the side mailfleet's IMAP is measured against.
 *
 * <p>It is an instance of its own beside any other Dovecot: configuration, runtime sockets, state,
 * Maildirs and log all live under one folder, and it listens on 127.0.0.1 only, IMAP with STARTTLS
 * on one port and imaps on another, with a self-signed certificate for {@link #HOST}. Users and
 * their passwords come from a passwd-file; every user's mail is a Maildir owned by an unprivileged
 * user ({@code nobody}), as which Dovecot reads and writes it. Plaintext logins are allowed, so
 * that clients can be tried without TLS too. Dovecot's master runs as root (it switches to the
 * unprivileged users itself) and in the foreground behind {@link ServerProcess}'s watchdog.
 *
 * <p>{@code doveadm} with the same configuration puts messages in and reads what the clients did,
 * straight from the Maildirs: the truth a test compares a client's view with.
 */
public final class DovecotImapServer implements AutoCloseable {

    /** The name the certificate is made for; it resolves to the loopback address the server listens on. */
    public static final String HOST = "localhost";
    private static final String ADDRESS = "127.0.0.1";
    private static final String MAIL_OWNER = "nobody";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final ServerProcess process;
    private final Path config;
    private final Path certificate;
    private final Map<String, String> users;
    private final int port;
    private final int tlsPort;

    private DovecotImapServer(ServerProcess process, Path config, Path certificate, Map<String, String> users,
                              int port, int tlsPort) {
        this.process = process;
        this.config = config;
        this.certificate = certificate;
        this.users = users;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    /**
     * Starts Dovecot under {@code dir} on two free ports, for {@code users} (user name to plaintext
     * password). {@code dir} is opened to Dovecot's unprivileged users, so every folder above it must
     * let others pass (a JUnit {@code @TempDir} does).
     */
    public static DovecotImapServer start(Path dir, Map<String, String> users) {
        if (!SystemCommands.runningAsRoot()) {
            throw new ServerStartException("Dovecot's master runs as root here: it switches to the mail's owner itself");
        }
        Path dovecot = SystemCommands.find("dovecot", "dovecot-core");
        if (!Files.isExecutable(Path.of("/usr/lib/dovecot/imap"))) {
            throw new ServerStartException("Dovecot's IMAP server is not installed: run .ci/install-test-clients as root"
                    + " (Debian package dovecot-imapd)");
        }
        Path base = PeerFolders.openToOthers(dir.toAbsolutePath(), "Dovecot");
        Path conf = ConfigFiles.directory(base.resolve("conf"));
        Path mail = PeerFolders.ownedBy(ConfigFiles.directory(base.resolve("mail")), MAIL_OWNER);
        Certificate certificate = Certificate.selfSigned(conf, HOST, COMMAND_TIMEOUT);
        Path passwd = ConfigFiles.write(conf.resolve("users"), users.entrySet().stream()
                .map(user -> user.getKey() + ":{PLAIN}" + user.getValue() + "\n")
                .collect(Collectors.joining()));
        int port = Ports.free();
        int tlsPort = Ports.free();
        Path config = ConfigFiles.write(conf.resolve("dovecot.conf"), config(base, mail, passwd, certificate, port, tlsPort));
        Path log = base.resolve("dovecot.log");
        ServerProcess process = ServerProcess.start("dovecot", List.of(),
                List.of(dovecot.toString(), "-F", "-c", config.toString()), base, log, Duration.ofSeconds(10));
        try {
            process.awaitReady(START_TIMEOUT, () -> Ports.accepts(ADDRESS, port) && Ports.accepts(ADDRESS, tlsPort));
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return new DovecotImapServer(process, config, certificate.certificate(), Map.copyOf(users), port, tlsPort);
    }

    private static String config(Path base, Path mail, Path passwd, Certificate certificate, int port, int tlsPort) {
        String uid = id("-u", MAIL_OWNER);
        return String.join("\n",
                "protocols = imap",
                "listen = " + ADDRESS,
                "base_dir = " + base.resolve("run"),
                "state_dir = " + base.resolve("state"),
                "log_path = " + base.resolve("dovecot.log"),
                "ssl = yes",
                "ssl_cert = <" + certificate.certificate(),
                "ssl_key = <" + certificate.key(),
                "disable_plaintext_auth = no",
                "auth_mechanisms = plain login",
                "mail_location = maildir:" + mail + "/%u/Maildir",
                "mail_uid = " + uid,
                "mail_gid = " + id("-g", MAIL_OWNER),
                "first_valid_uid = " + uid,
                // IDLE hears of new mail through inotify, whose instances the kernel limits per user (often
                // 128): past that, as when other Dovecots run as the same user, it polls, every 30 s by default.
                "mailbox_idle_check_interval = 1 secs",
                // Hierarchies separated by "/", as mailfleet does, rather than Maildir++'s ".".
                "namespace inbox {",
                "  inbox = yes",
                "  separator = /",
                "}",
                "passdb {",
                "  driver = passwd-file",
                "  args = scheme=PLAIN " + passwd,
                "}",
                "userdb {",
                "  driver = static",
                "  args = home=" + mail + "/%u",
                "}",
                "service imap-login {",
                "  inet_listener imap {",
                "    port = " + port,
                "  }",
                "  inet_listener imaps {",
                "    port = " + tlsPort,
                "    ssl = yes",
                "  }",
                "}",
                "");
    }

    /** An account of this server: {@code user} over STARTTLS on {@link #port()}; {@link ImapAccount#on} gives the others. */
    public ImapAccount account(String user) {
        String password = users.get(user);
        if (password == null) {
            throw new IllegalArgumentException(user + " is not a user of this server");
        }
        return new ImapAccount(HOST, port, ImapSecurity.STARTTLS, certificate, user, password);
    }

    /** Creates {@code mailbox} (its parents too) for {@code user}. */
    public void createMailbox(String user, String mailbox) {
        doveadm(null, "mailbox", "create", "-u", user, mailbox);
    }

    /** Delivers {@code message} (CRLF or LF line ends) into {@code mailbox} of {@code user}, which must exist. */
    public void deliver(String user, String mailbox, String message) {
        doveadm(message.getBytes(StandardCharsets.UTF_8), "save", "-u", user, "-m", mailbox);
    }

    /** Sets {@code flags} (such as {@code \Flagged}) on the messages of {@code mailbox} whose subject is {@code subject}. */
    public void addFlags(String user, String mailbox, String subject, String flags) {
        doveadm(null, "flags", "add", "-u", user, flags, "mailbox", mailbox, "header", "Subject", subject);
    }

    /** {@code user}'s mailboxes, sorted. */
    public List<String> mailboxes(String user) {
        return doveadm(null, "mailbox", "list", "-u", user).lines().map(String::strip).filter(name -> !name.isEmpty())
                .sorted().toList();
    }

    /** Every message of {@code user}, as the server holds it, sorted by mailbox and UID. */
    public List<StoredMessage> messages(String user) {
        String table = doveadm(null, "-f", "tab", "fetch", "-u", user, "mailbox uid flags hdr.subject", "ALL");
        List<StoredMessage> messages = new ArrayList<>();
        for (String row : table.lines().skip(1).toList()) {
            String[] columns = row.split("\t", -1);
            Set<String> flags = Arrays.stream(columns[2].split(" ")).filter(flag -> !flag.isEmpty())
                    .collect(Collectors.toCollection(TreeSet::new));
            messages.add(new StoredMessage(columns[0], Long.parseLong(columns[1]), flags, columns[3].strip()));
        }
        messages.sort((a, b) -> a.mailbox().equals(b.mailbox()) ? Long.compare(a.uid(), b.uid())
                : a.mailbox().compareTo(b.mailbox()));
        return messages;
    }

    /** Runs doveadm with this server's configuration, {@code input} on its stdin; returns its output. */
    private String doveadm(byte[] input, String... arguments) {
        List<String> command = new ArrayList<>(List.of(SystemCommands.find("doveadm", "dovecot-core").toString(),
                "-c", config.toString()));
        command.addAll(List.of(arguments));
        try {
            Process doveadm = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
            try (OutputStream in = doveadm.getOutputStream()) {
                if (input != null) {
                    in.write(input);
                }
            }
            // doveadm's answers here are short: they fit the pipes until it exits.
            if (!doveadm.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                doveadm.destroyForcibly();
                throw new IllegalStateException("doveadm " + String.join(" ", arguments) + " did not finish in time");
            }
            String output = new String(doveadm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String errors = new String(doveadm.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (doveadm.exitValue() != 0) {
                throw new IllegalStateException("doveadm " + String.join(" ", arguments) + " exited with status "
                        + doveadm.exitValue() + ": " + errors.strip());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run doveadm", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running doveadm", e);
        }
    }

    /** The port of IMAP with STARTTLS (plaintext logins are allowed on it too). */
    public int port() {
        return port;
    }

    /** The imaps port: TLS from the first byte. */
    public int tlsPort() {
        return tlsPort;
    }

    /** The self-signed certificate it presents, for {@link #HOST}. */
    public Path certificate() {
        return certificate;
    }

    public ServerProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }

    /**
     * A message as Dovecot stores it.
     *
     * @param flags its system flags and keywords, such as {@code \Seen}
     */
    public record StoredMessage(String mailbox, long uid, Set<String> flags, String subject) {
    }



    private static String id(String option, String user) {
        return SystemCommands.run(COMMAND_TIMEOUT, List.of("id", option, user)).strip();
    }
}
