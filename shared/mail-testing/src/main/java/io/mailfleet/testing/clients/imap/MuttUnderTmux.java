package io.mailfleet.testing.clients.imap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * mutt reading a mailbox over IMAP, driven as a person would: it runs in a tmux session of its own,
 * keystrokes go in through {@code tmux send-keys} and the screen is read back with
 * {@code tmux capture-pane}. Each action waits until the screen shows that mutt has done it.
 *
 * <p>The tmux server has a socket of its own (in the client's folder), so closing it ends only this
 * mutt and this tmux, never another session on the machine.
 */
public final class MuttUnderTmux implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SCREEN_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final String SESSION = "mutt";
    private static final int WIDTH = 160;
    private static final int HEIGHT = 40;
    private static final Pattern DELETED = Pattern.compile("Del:(\\d+)");

    private final Path dir;
    private final Path socket;

    private MuttUnderTmux(Path dir, Path socket) {
        this.dir = dir;
        this.socket = socket;
    }

    /**
     * Starts mutt on {@code mailbox} of {@code account}, its configuration, certificate store and
     * tmux socket in {@code dir}, and waits for its index of that mailbox.
     */
    public static MuttUnderTmux open(ImapAccount account, String mailbox, Path dir) {
        ClientProcess.directory(dir);
        String scheme = account.security() == ImapSecurity.IMPLICIT_TLS ? "imaps" : "imap";
        List<String> lines = new ArrayList<>(List.of(
                "set folder = \"" + scheme + "://" + account.host() + ":" + account.port() + "/\"",
                "set spoolfile = \"+" + mailbox + "\"",
                "set imap_user = \"" + account.user() + "\"",
                "set imap_pass = \"" + account.password() + "\"",
                "set imap_check_subscribed = no",
                // Nothing to confirm, nothing cached: every action goes to the server and shows at once.
                "set confirmappend = no",
                "set confirmcreate = no",
                "set delete = yes",
                "set move = no",
                "set mark_old = no",
                "set wait_key = no",
                "set quit = yes",
                "set sleep_time = 0",
                "set header_cache = \"\"",
                "set message_cachedir = \"\"",
                "set record = \"\"",
                "set sort = date-sent"));
        if (account.usesTls()) {
            lines.add("set ssl_force_tls = yes");
            lines.add("set ssl_starttls = yes");
            lines.add("set certificate_file = \"" + trustStore(account, dir) + "\"");
        } else {
            lines.add("set ssl_starttls = no");
        }
        lines.add("");
        Path muttrc = ClientProcess.writePrivate(dir.resolve("muttrc"), String.join("\n", lines));
        MuttUnderTmux mutt = new MuttUnderTmux(dir, dir.resolve("tmux.socket"));
        // -n: not the system's muttrc either; HOME is the folder, so no user's configuration is read.
        mutt.tmux("new-session", "-d", "-s", SESSION, "-x", Integer.toString(WIDTH), "-y", Integer.toString(HEIGHT),
                "env HOME='" + dir + "' TERM=screen mutt -n -F '" + muttrc + "'");
        mutt.awaitScreen(screen -> screen.contains("Mutt: ") && screen.contains("[Msgs:"), "mutt's index of " + mailbox);
        return mutt;
    }

    /** mutt trusts a server certificate found in its certificate file. */
    private static Path trustStore(ImapAccount account, Path dir) {
        Path store = dir.resolve("certificates");
        try {
            Files.copy(account.certificate(), store, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + account.certificate(), e);
        }
        return store;
    }

    /** The screen as it is now, one line per row. */
    public String screen() {
        return tmux("capture-pane", "-p", "-t", SESSION);
    }

    /**
     * Opens message {@code number} (its position in the index, from 1) in the pager, returns the
     * screen showing it, and goes back to the index.
     */
    public String read(int number, String expectedText) {
        jumpTo(number);
        keys("Enter");
        String pager = awaitScreen(screen -> screen.contains(expectedText) && !screen.contains("[Msgs:"),
                "message " + number + " showing '" + expectedText + "'");
        keys("i");
        awaitIndex();
        return pager;
    }

    /** Toggles the \Flagged flag of message {@code number}. */
    public String toggleFlag(int number) {
        jumpTo(number);
        String before = statusLine(screen());
        keys("F");
        return awaitScreen(screen -> !statusLine(screen).equals(before), "the flag toggled");
    }

    /**
     * Saves message {@code number} to {@code mailbox} (created if missing), which marks it deleted in
     * this one: with the expunge that follows, a move.
     */
    public String saveTo(int number, String mailbox) {
        jumpTo(number);
        int deleted = deletedCount(screen());
        keys("s");
        awaitScreen(screen -> screen.contains("Save to mailbox"), "the save prompt");
        keys("C-u");
        literal("=" + mailbox);
        keys("Enter");
        return awaitScreen(screen -> deletedCount(screen) == deleted + 1, "the message saved to " + mailbox);
    }

    /** Marks message {@code number} deleted. */
    public String delete(int number) {
        jumpTo(number);
        int deleted = deletedCount(screen());
        keys("d");
        return awaitScreen(screen -> deletedCount(screen) == deleted + 1, "a message marked deleted");
    }

    /** Expunges the deleted messages ({@code $}, sync-mailbox); returns the index that follows. */
    public String expunge() {
        keys("$");
        return awaitScreen(screen -> screen.contains("deleted.") && !screen.contains("Del:"), "the expunge");
    }

    /** Waits until the screen satisfies {@code condition}; fails with the screen as it last was. */
    public String awaitScreen(Predicate<String> condition, String what) {
        long deadline = System.nanoTime() + SCREEN_TIMEOUT.toNanos();
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = screen();
            if (condition.test(screen)) {
                return screen;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for mutt", e);
            }
        }
        throw new IllegalStateException("mutt did not show " + what + " within " + SCREEN_TIMEOUT.toSeconds()
                + " s; the screen:\n" + screen);
    }

    private String awaitIndex() {
        return awaitScreen(screen -> screen.contains("[Msgs:"), "the index");
    }

    /** Typing a number in the index asks "Jump to message:"; Enter goes there. */
    private void jumpTo(int number) {
        awaitIndex();
        literal(Integer.toString(number));
        awaitScreen(screen -> screen.contains("Jump to message"), "the jump prompt");
        keys("Enter");
        awaitIndex();
    }

    private void keys(String... keys) {
        List<String> command = new ArrayList<>(List.of("send-keys", "-t", SESSION));
        command.addAll(List.of(keys));
        tmux(command.toArray(String[]::new));
    }

    private void literal(String text) {
        tmux("send-keys", "-t", SESSION, "-l", text);
    }

    /** The index's status line: "-*-Mutt: =INBOX [Msgs:3 New:1 Del:1 Flag:1 0.1K]---…". */
    private static String statusLine(String screen) {
        return screen.lines().filter(line -> line.contains("Mutt: ")).findFirst().orElse("");
    }

    /** How many messages the status line counts as marked deleted. */
    private static int deletedCount(String screen) {
        Matcher matcher = DELETED.matcher(statusLine(screen));
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    private String tmux(String... arguments) {
        List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        command.addAll(List.of(arguments));
        return ClientProcess.run(command, dir, Map.of(), COMMAND_TIMEOUT).requireSuccess("tmux " + arguments[0]).output();
    }

    /** Ends mutt without asking anything, and its tmux server with it. */
    @Override
    public void close() {
        ClientProcess.run(List.of("tmux", "-S", socket.toString(), "kill-server"), dir, Map.of(), COMMAND_TIMEOUT);
    }
}
