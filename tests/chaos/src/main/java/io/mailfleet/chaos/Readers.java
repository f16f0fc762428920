package io.mailfleet.chaos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;

/**
 * Mail clients working while the load and the faults go on, each on accounts of its own so that
 * the final check knows what their effects must be: POP3 clients read and delete (recording each
 * deletion and whether QUIT confirmed it), IMAP clients read, flag and move messages to Archive
 * (recording each UID they saw and each flag the server confirmed). Neither loses a message on
 * purpose, so every token stays accountable.
 */
final class Readers {

    static final String PASSWORD = "chaos-run-password";
    static final String ARCHIVE = "Archive";
    private static final int READ_TIMEOUT_MS = 30_000;

    private final Ledger ledger;
    private volatile boolean stopped;
    private final List<Thread> threads = new ArrayList<>();

    Readers(Ledger ledger) {
        this.ledger = ledger;
    }

    void startPop3(String account, IntSupplier port, long seed) {
        start("chaos-pop3-" + account, () -> pop3Session(account, port.getAsInt(), new Random(seed)), seed);
    }

    void startImap(String account, IntSupplier port, long seed) {
        start("chaos-imap-" + account, () -> imapSession(account, port.getAsInt(), new Random(seed)), seed);
    }

    /** Asks every reader to stop after its current session and waits for them. */
    void stop() throws InterruptedException {
        stopped = true;
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private interface Session {
        void run() throws IOException;
    }

    private void start(String name, Session session, long seed) {
        Random pauses = new Random(seed);
        Thread thread = new Thread(() -> {
            while (!stopped) {
                try {
                    session.run();
                } catch (IOException | RuntimeException e) {
                    // An instance killed or frozen under the session: the next one starts afresh.
                }
                sleep(300 + pauses.nextInt(700));
            }
        }, name);
        thread.start();
        threads.add(thread);
    }

    /** Login, RETR and DELE of up to three messages, QUIT: the deletions count once QUIT says +OK. */
    private void pop3Session(String account, int port, Random random) throws IOException {
        try (LineConnection pop3 = new LineConnection(port, READ_TIMEOUT_MS)) {
            if (!pop3.readLine().startsWith("+OK") || !command(pop3, "USER " + account).startsWith("+OK")
                    || !command(pop3, "PASS " + PASSWORD).startsWith("+OK")) {
                return;
            }
            String stat = command(pop3, "STAT");
            int count = stat.startsWith("+OK") ? Integer.parseInt(stat.split(" ")[1]) : 0;
            List<Ledger.Change> marked = new ArrayList<>();
            for (int i = 0; i < 3 && count > 0; i++) {
                int message = 1 + random.nextInt(count);
                if (!command(pop3, "RETR " + message).startsWith("+OK")) {
                    continue;
                }
                String token = null;
                for (String line = pop3.readLine(); !line.equals("."); line = pop3.readLine()) {
                    if (token == null) {
                        token = Ledger.tokenIn(line);
                    }
                }
                if (token != null && random.nextBoolean() && command(pop3, "DELE " + message).startsWith("+OK")) {
                    marked.add(new Ledger.Change(token, account));
                }
            }
            if (marked.isEmpty()) {
                pop3.sendLine("QUIT");
                return;
            }
            // Recorded as possible first: if QUIT's answer is lost, the deletion may have happened or not.
            ledger.maybeDeleted(marked);
            if (command(pop3, "QUIT").startsWith("+OK")) {
                ledger.deleted(marked);
            }
        }
    }

    /** Login, then in INBOX: see every message, flag a few, move a few to Archive; then see Archive. */
    private void imapSession(String account, int port, Random random) throws IOException {
        try (ImapClient imap = new ImapClient(port, READ_TIMEOUT_MS)) {
            if (!imap.login(account, PASSWORD)) {
                return;
            }
            for (String mailbox : List.of("INBOX", ARCHIVE)) {
                var selected = imap.select(mailbox);
                if (selected.isEmpty() || selected.get().exists() == 0) {
                    continue;
                }
                List<ImapClient.Seen> messages = imap.fetchAll();
                for (ImapClient.Seen seen : messages) {
                    if (seen.token() != null) {
                        ledger.sawUid(account, mailbox, selected.get().uidValidity(), seen.uid(), seen.token());
                    }
                }
                if (!mailbox.equals("INBOX") || messages.isEmpty()) {
                    continue;
                }
                for (int i = 0; i < 2; i++) {
                    ImapClient.Seen seen = messages.get(random.nextInt(messages.size()));
                    if (seen.token() != null && imap.command("UID STORE " + seen.uid() + " +FLAGS (\\Flagged)").ok()) {
                        ledger.flagged(new Ledger.Change(seen.token(), account));
                    }
                }
                ImapClient.Seen moved = messages.get(random.nextInt(messages.size()));
                imap.command("UID MOVE " + moved.uid() + " " + ARCHIVE);
            }
        }
    }

    private static String command(LineConnection connection, String line) throws IOException {
        connection.sendLine(line);
        return connection.readLine();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
