package io.mailfleet.testing.clients.imap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * mbsync (Debian package isync): a full two-way synchronisation of every folder of an IMAP account
 * with a local Maildir per folder: new messages, flags and deletions both ways, folders created
 * on either side, deleted messages expunged.
 *
 * <p>mbsync prints its progress counters only to a terminal, so it runs under {@code script}, which
 * gives it one; the last counters of a run say what it changed on each side.
 */
public final class Mbsync {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** "F: +1/1 *0/0 #0/0" (far side, the server) or "N: ..." (near side, the Maildir); isync 1.5 adds "-0/0". */
    private static final Pattern COUNTERS = Pattern.compile(
            "([FN]): \\+(\\d+)/\\d+ \\*(\\d+)/\\d+ #(\\d+)/\\d+(?: -(\\d+)/\\d+)?");

    private final Path dir;
    private final Path config;
    private final LocalMaildir local;

    private Mbsync(Path dir, Path config, LocalMaildir local) {
        this.dir = dir;
        this.config = config;
        this.local = local;
    }

    /** Writes the configuration for {@code account} into {@code dir}, the Maildirs going to {@code dir/mail}. */
    public static Mbsync configure(ImapAccount account, Path dir) {
        Path mail = ClientProcess.directory(dir.resolve("mail"));
        List<String> lines = new ArrayList<>(List.of(
                "IMAPAccount remote",
                "Host " + account.host(),
                "Port " + account.port(),
                "User \"" + account.user() + "\"",
                "Pass \"" + account.password() + "\"",
                "SSLType " + switch (account.security()) {
                    case NONE -> "None";
                    case STARTTLS -> "STARTTLS";
                    case IMPLICIT_TLS -> "IMAPS";
                },
                // LOGIN as well: mbsync offers PLAIN only through a SASL library, which may be missing.
                "AuthMechs PLAIN LOGIN"));
        if (account.usesTls()) {
            lines.add("CertificateFile " + account.certificate().toAbsolutePath());
        }
        lines.addAll(List.of(
                "",
                "IMAPStore remote",
                "Account remote",
                "",
                "MaildirStore local",
                "Path " + mail + "/",
                "Inbox " + mail.resolve("INBOX"),
                "SubFolders Verbatim",
                "",
                "Channel account",
                "Far :remote:",
                "Near :local:",
                "Patterns *",
                "Create Both",
                "Remove Both",
                "Expunge Both",
                "Sync All",
                "SyncState *",
                ""));
        Path config = ClientProcess.writePrivate(dir.resolve("mbsyncrc"), String.join("\n", lines));
        return new Mbsync(dir, config, new LocalMaildir(mail));
    }

    /** Synchronises every folder both ways, once. */
    public SyncRun sync() {
        String command = "mbsync -c '" + config + "' -a";
        ClientRun run = ClientProcess.run(List.of("script", "-qec", command, "/dev/null"), dir, Map.of(), TIMEOUT);
        return new SyncRun(run.exitCode(), run.output(), changes(run.output()));
    }

    public LocalMaildir local() {
        return local;
    }

    /** The non-zero counters of the last progress line: "server: 2 new", "maildir: 1 flagged", … */
    static List<String> changes(String output) {
        Matcher matcher = COUNTERS.matcher(output);
        String[] last = new String[2];
        while (matcher.find()) {
            last[matcher.group(1).equals("F") ? 0 : 1] = matcher.group();
        }
        List<String> changes = new ArrayList<>();
        for (String counters : last) {
            if (counters == null) {
                continue;
            }
            Matcher side = COUNTERS.matcher(counters);
            side.matches();
            String name = side.group(1).equals("F") ? "server" : "maildir";
            add(changes, name, "new", side.group(2));
            add(changes, name, "flag changes", side.group(3));
            add(changes, name, "deleted", side.group(4));
            add(changes, name, "expunged", side.group(5));
        }
        return changes;
    }

    private static void add(List<String> changes, String side, String what, String count) {
        if (count != null && !count.equals("0")) {
            changes.add(side + ": " + count + " " + what);
        }
    }
}
