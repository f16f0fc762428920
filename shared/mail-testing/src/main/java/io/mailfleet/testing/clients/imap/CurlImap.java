package io.mailfleet.testing.clients.imap;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * curl's IMAP client (RFC 5092 URLs): lists mailboxes, fetches a message by UID, runs a command in a
 * mailbox. With {@link ImapSecurity#STARTTLS} it insists on STARTTLS ({@code --ssl-reqd}); with
 * {@link ImapSecurity#IMPLICIT_TLS} it speaks imaps.
 */
public final class CurlImap {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ImapAccount account;
    private final Path dir;

    public CurlImap(ImapAccount account, Path dir) {
        this.account = account;
        this.dir = ClientProcess.directory(dir);
    }

    /** {@code LIST "" *}: the server's untagged LIST lines. */
    public ClientRun list() {
        return curl("/");
    }

    /** The whole message {@code uid} of {@code mailbox} ({@code FETCH BODY[]} by UID). */
    public ClientRun fetch(String mailbox, long uid) {
        return curl("/" + encode(mailbox) + ";UID=" + uid);
    }

    /** Selects {@code mailbox} (examines it) and sends {@code command}, such as {@code UID SEARCH ALL}; the untagged replies. */
    public ClientRun command(String mailbox, String command) {
        return curl("/" + encode(mailbox), "--request", command);
    }

    private ClientRun curl(String path, String... extra) {
        String scheme = account.security() == ImapSecurity.IMPLICIT_TLS ? "imaps" : "imap";
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--max-time",
                Long.toString(TIMEOUT.toSeconds() - 5), "--user", account.user() + ":" + account.password()));
        if (account.security() == ImapSecurity.STARTTLS) {
            command.add("--ssl-reqd");
        }
        if (account.usesTls()) {
            command.addAll(List.of("--cacert", account.certificate().toAbsolutePath().toString()));
        }
        command.addAll(List.of(extra));
        command.add(scheme + "://" + account.host() + ":" + account.port() + path);
        return ClientProcess.run(command, dir, Map.of(), TIMEOUT);
    }

    /** A mailbox name in a URL path: each hierarchy level encoded, the separators kept. */
    private static String encode(String mailbox) {
        List<String> levels = new ArrayList<>();
        for (String level : mailbox.split("/", -1)) {
            levels.add(URLEncoder.encode(level, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return String.join("/", levels);
    }
}
