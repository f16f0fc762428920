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

    static List<String> run(Audit.Inventory inventory, List<String> accounts, List<String> pop3Accounts, int imapPort, int pop3Port)
            throws IOException {
        List<String> findings = new ArrayList<>();
        Map<String, Map<Long, String>> expected = new TreeMap<>();
        inventory.copies().forEach((token, copies) -> copies.forEach(copy -> expected
                .computeIfAbsent(copy.account() + " " + copy.mailbox(), key -> new TreeMap<>()).put(copy.uid(), token)));
        for (String account : accounts) {
            try (ImapClient imap = new ImapClient(imapPort, READ_TIMEOUT_MS)) {
                if (!imap.login(account, Readers.PASSWORD)) {
                    findings.add("IMAP: " + account + " cannot log in");
                    continue;
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
        }
        for (String account : pop3Accounts) {
            int inbox = inventory.uidsByMailbox().getOrDefault(account, Map.of()).getOrDefault("INBOX", List.of()).size();
            String stat = pop3Stat(account, pop3Port);
            // A maildrop lease held by a killed instance frees itself when its time to live ends.
            for (int attempt = 0; attempt < 6 && stat.startsWith("-ERR"); attempt++) {
                sleep(5_000);
                stat = pop3Stat(account, pop3Port);
            }
            if (!stat.startsWith("+OK " + inbox + " ")) {
                findings.add("POP3: " + account + " STAT says '" + stat + "', the store's INBOX has " + inbox);
            }
        }
        return findings;
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
