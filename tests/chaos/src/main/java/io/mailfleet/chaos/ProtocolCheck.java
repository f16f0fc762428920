package io.mailfleet.chaos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The store's inventory as the protocols show it: for every account, IMAP lists in each mailbox
 * the same UIDs with the same tokens; for the POP3 readers' accounts, STAT counts INBOX.
 */
final class ProtocolCheck {

    private static final int READ_TIMEOUT_MS = 60_000;

    private ProtocolCheck() {
    }

    /** Accounts are checked a few at a time, each over a session of its own. */
    static List<String> run(Audit.Inventory inventory, List<String> accounts, List<String> pop3Accounts, int imapPort, int pop3Port)
            throws Exception {
        Map<String, Map<Long, String>> expected = new TreeMap<>();
        inventory.copies().forEach((token, copies) -> copies.forEach(copy -> expected
                .computeIfAbsent(copy.account() + " " + copy.mailbox(), key -> new TreeMap<>()).put(copy.uid(), token)));
        List<Parallel.Task<List<String>>> checks = new ArrayList<>();
        accounts.forEach(account -> checks.add(() -> imap(inventory, expected, account, imapPort)));
        pop3Accounts.forEach(account -> checks.add(() -> pop3(inventory, account, pop3Port)));
        return Parallel.run(checks).stream().flatMap(List::stream).toList();
    }

    /** IMAP shows in each of the account's mailboxes the store's UIDs with their tokens. */
    private static List<String> imap(Audit.Inventory inventory, Map<String, Map<Long, String>> expected, String account, int imapPort)
            throws IOException {
        List<String> findings = new ArrayList<>();
        try (ImapClient imap = new ImapClient(imapPort, READ_TIMEOUT_MS)) {
            if (!imap.login(account, Readers.PASSWORD)) {
                return List.of("IMAP: " + account + " cannot log in");
            }
            for (String mailbox : inventory.uidsByMailbox().getOrDefault(account, Map.of()).keySet()) {
                Map<Long, String> want = expected.getOrDefault(account + " " + mailbox, Map.of());
                var selected = imap.select(mailbox);
                Map<Long, String> shown = new TreeMap<>();
                if (selected.isPresent() && selected.get().exists() > 0) {
                    imap.fetchAll().forEach(seen -> shown.put(seen.uid(), seen.token()));
                }
                if (!shown.equals(want)) {
                    findings.add("IMAP: " + account + " " + mailbox + " shows " + shown.size() + " messages, the store "
                            + want.size() + (shown.size() + want.size() < 20 ? ": " + shown + " vs " + want : ""));
                }
            }
        }
        return findings;
    }

    /** POP3's STAT counts the store's INBOX. */
    private static List<String> pop3(Audit.Inventory inventory, String account, int pop3Port) throws IOException {
        int inbox = inventory.uidsByMailbox().getOrDefault(account, Map.of()).getOrDefault("INBOX", List.of()).size();
        String stat = pop3Stat(account, pop3Port);
        // A maildrop lease held by a killed instance frees itself when its time to live ends: asked again
        // each second, the check goes on as soon as it is free, still giving up only after 30 s.
        for (int attempt = 0; attempt < 30 && stat.startsWith("-ERR"); attempt++) {
            sleep(1_000);
            stat = pop3Stat(account, pop3Port);
        }
        if (!stat.startsWith("+OK " + inbox + " ")) {
            return List.of("POP3: " + account + " STAT says '" + stat + "', the store's INBOX has " + inbox);
        }
        return List.of();
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String pop3Stat(String account, int port) throws IOException {
        try (LineConnection pop3 = new LineConnection(port, READ_TIMEOUT_MS)) {
            pop3.readLine();
            pop3.sendLine("USER " + account);
            pop3.readLine();
            pop3.sendLine("PASS " + Readers.PASSWORD);
            String login = pop3.readLine();
            if (!login.startsWith("+OK")) {
                return login;
            }
            pop3.sendLine("STAT");
            String stat = pop3.readLine();
            pop3.sendLine("QUIT");
            pop3.readLine();
            return stat;
        }
    }
}
