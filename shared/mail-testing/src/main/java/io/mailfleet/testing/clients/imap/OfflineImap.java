package io.mailfleet.testing.clients.imap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * offlineimap (Debian package offlineimap3): the same two-way synchronisation as {@link Mbsync},
 * by another implementation, with a local Maildir per folder. Its "basic" interface prints one line
 * per action, which is what a run reports as its changes.
 */
public final class OfflineImap {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** The lines of the basic interface that say it changed something, on either side. */
    private static final Pattern ACTION = Pattern.compile(
            "^\\s*(Copy message|Adding flag|Deleting flag|Deleting \\d+ message|Creating folder|Deleting folder).*$",
            Pattern.MULTILINE);
    private static final Pattern ERROR = Pattern.compile("^\\s*ERROR", Pattern.MULTILINE);

    private final Path dir;
    private final Path config;
    private final LocalMaildir local;

    private OfflineImap(Path dir, Path config, LocalMaildir local) {
        this.dir = dir;
        this.config = config;
        this.local = local;
    }

    /** Writes the configuration for {@code account} into {@code dir}: Maildirs in {@code dir/mail}, its state in {@code dir/state}. */
    public static OfflineImap configure(ImapAccount account, Path dir) {
        Path mail = ClientProcess.directory(dir.resolve("mail"));
        Path state = ClientProcess.directory(dir.resolve("state"));
        List<String> lines = new ArrayList<>(List.of(
                "[general]",
                "accounts = account",
                "metadata = " + state,
                "ui = basic",
                "",
                "[Account account]",
                "localrepository = local",
                "remoterepository = remote",
                "",
                "[Repository local]",
                "type = Maildir",
                "localfolders = " + mail,
                "sep = /",
                "",
                "[Repository remote]",
                "type = IMAP",
                "remotehost = " + account.host(),
                "remoteport = " + account.port(),
                "remoteuser = " + account.user(),
                "remotepass = " + account.password(),
                "ssl = " + (account.security() == ImapSecurity.IMPLICIT_TLS ? "yes" : "no"),
                "starttls = " + (account.security() == ImapSecurity.STARTTLS ? "yes" : "no")));
        if (account.usesTls()) {
            lines.add("sslcacertfile = " + account.certificate().toAbsolutePath());
        }
        lines.add("");
        Path config = ClientProcess.writePrivate(dir.resolve("offlineimaprc"), String.join("\n", lines));
        return new OfflineImap(dir, config, new LocalMaildir(mail));
    }

    /**
     * Synchronises every folder both ways, once. offlineimap exits 0 after some errors, so a run that
     * printed an error counts as failed whatever its status.
     */
    public SyncRun sync() {
        ClientRun run = ClientProcess.run(List.of("offlineimap", "-o", "-u", "basic", "-c", config.toString()), dir,
                Map.of(), TIMEOUT);
        int status = run.exitCode() == 0 && ERROR.matcher(run.output()).find() ? 1 : run.exitCode();
        List<String> changes = ACTION.matcher(run.output()).results().map(r -> r.group().strip()).toList();
        return new SyncRun(status, run.output(), changes);
    }

    public LocalMaildir local() {
        return local;
    }
}
