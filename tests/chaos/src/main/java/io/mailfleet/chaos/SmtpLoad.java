package io.mailfleet.chaos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Several SMTP clients sending to the MX listeners of both smtp-ingress instances until
 * {@code target} messages were answered 250. Each message carries a token of its own in its
 * subject and body, and goes to one to three local accounts, sometimes also to the alias that
 * adds a remote address; every attempt and what it was told goes into the ledger. A message that
 * failed for the time being (a 4xx, a broken connection) is sent again with the same octets, as a
 * real client's queue does: after a 451 that Kafka took all the same, that retry is the second copy
 * delivery must not store.
 */
final class SmtpLoad {

    static final String DOMAIN = "chaos.test";
    static final String ALIAS = "team@" + DOMAIN;
    static final String REMOTE = "far@remote.test";
    /** The alias's local targets, besides {@link #REMOTE}. */
    static final List<Integer> ALIAS_ACCOUNTS = List.of(0, 1);

    private static final int MESSAGES_PER_CONNECTION = 10;
    private static final int READ_TIMEOUT_MS = 60_000;

    private final Ledger ledger;
    private final int target;
    private final int accounts;
    private final IntSupplier ingressPort;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicLong nextToken = new AtomicLong();
    private final long started = System.currentTimeMillis();
    private final long stallMillis;
    private final AtomicLong lastAccepted = new AtomicLong(System.currentTimeMillis());

    /**
     * @param ingressPort the MX port of a smtp-ingress instance, chosen anew for each connection
     * @param stall       the load gives up when no message was answered 250 for this long
     */
    SmtpLoad(Ledger ledger, int target, int accounts, IntSupplier ingressPort, java.time.Duration stall) {
        this.stallMillis = stall.toMillis();
        this.ledger = ledger;
        this.target = target;
        this.accounts = accounts;
        this.ingressPort = ingressPort;
    }

    static String account(int index) {
        return String.format("u%02d@%s", index, DOMAIN);
    }

    int accepted() {
        return accepted.get();
    }

    boolean done() {
        return accepted.get() >= target || stalled();
    }

    /** No 250 for the stall time: the system stopped taking mail, which the run reports. */
    boolean stalled() {
        return System.currentTimeMillis() - lastAccepted.get() > stallMillis;
    }

    /** Runs {@code senders} clients until the target is reached; returns when all have stopped. */
    void run(int senders, long seed) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            Random random = new Random(seed * 31 + i);
            Thread thread = new Thread(() -> sendUntilDone(random), "chaos-smtp-" + i);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** A message as its client keeps it until it is answered 250 or 5xx. */
    private record Outgoing(String token, Set<String> to, Set<String> reached, boolean remote, String text) {
    }

    private void sendUntilDone(Random random) {
        Outgoing retry = null;
        while (!done()) {
            try (LineConnection smtp = new LineConnection(ingressPort.getAsInt(), READ_TIMEOUT_MS)) {
                if (!reply(smtp).startsWith("220") || !command(smtp, "EHLO load.chaos.example").startsWith("250")) {
                    pause(random);
                    continue;
                }
                boolean failed = false;
                for (int i = 0; i < MESSAGES_PER_CONNECTION && !done() && !failed; i++) {
                    Outgoing message = retry != null ? retry : next(random);
                    // Kept for a retry unless the server answers 250 or 5xx, also when the connection breaks.
                    retry = message;
                    Ledger.Outcome outcome = sendOne(smtp, message);
                    if (outcome == Ledger.Outcome.ACCEPTED || outcome == Ledger.Outcome.REFUSED) {
                        retry = null;
                    }
                    failed = outcome != Ledger.Outcome.ACCEPTED;
                }
                smtp.sendLine("QUIT");
                if (failed) {
                    // A temporary failure: wait as a client would before trying again.
                    pause(random);
                }
            } catch (IOException e) {
                // A killed or frozen instance: the next connection may reach the other one.
                pause(random);
            }
        }
    }

    private Outgoing next(Random random) {
        String token = "chaos-token-" + nextToken.incrementAndGet();
        Set<String> to = new LinkedHashSet<>();
        Set<String> reached = new LinkedHashSet<>();
        boolean remote = random.nextInt(10) == 0;
        if (remote) {
            to.add(ALIAS);
            ALIAS_ACCOUNTS.forEach(index -> reached.add(account(index)));
        }
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            String account = account(random.nextInt(accounts));
            to.add(account);
            reached.add(account);
        }
        return new Outgoing(token, to, reached, remote, message(token, to, random));
    }

    /** One transaction and its outcome; a broken connection is recorded, then thrown. */
    private Ledger.Outcome sendOne(LineConnection smtp, Outgoing message) throws IOException {
        boolean dotSent = false;
        try {
            String mail = command(smtp, "MAIL FROM:<sender@load.chaos.example>");
            if (!mail.startsWith("250")) {
                return record(message, beforeTheDot(mail));
            }
            for (String rcpt : message.to()) {
                String reply = command(smtp, "RCPT TO:<" + rcpt + ">");
                if (!reply.startsWith("250")) {
                    smtp.sendLine("RSET");
                    reply(smtp);
                    return record(message, beforeTheDot(reply));
                }
            }
            String data = command(smtp, "DATA");
            if (!data.startsWith("354")) {
                return record(message, beforeTheDot(data));
            }
            smtp.send(message.text());
            dotSent = true;
            String reply = reply(smtp);
            Ledger.Outcome outcome = reply.startsWith("250") ? Ledger.Outcome.ACCEPTED
                    : reply.startsWith("4") ? Ledger.Outcome.TEMPORARY_FAILURE : Ledger.Outcome.REFUSED;
            if (outcome == Ledger.Outcome.ACCEPTED) {
                accepted.incrementAndGet();
                lastAccepted.set(System.currentTimeMillis());
            }
            return record(message, outcome);
        } catch (IOException e) {
            record(message, dotSent ? Ledger.Outcome.UNANSWERED : Ledger.Outcome.NOT_SENT);
            throw e;
        }
    }

    /** A 5xx before the dot refuses the message for good; anything else leaves it to a retry. */
    private static Ledger.Outcome beforeTheDot(String reply) {
        return reply.startsWith("5") ? Ledger.Outcome.REFUSED : Ledger.Outcome.NOT_SENT;
    }

    private Ledger.Outcome record(Outgoing message, Ledger.Outcome outcome) {
        ledger.record(new Ledger.Attempt(message.token(), message.reached(), message.remote(), outcome, now()));
        return outcome;
    }

    private static String message(String token, Set<String> to, Random random) {
        StringBuilder body = new StringBuilder();
        body.append("From: <sender@load.chaos.example>\r\n")
                .append("To: ").append(String.join(", ", to.stream().map(address -> "<" + address + ">").toList())).append("\r\n")
                .append("Subject: chaos ").append(token).append("\r\n")
                .append("Message-ID: <").append(token).append("@load.chaos.example>\r\n")
                .append("\r\n")
                .append("token ").append(token).append("\r\n");
        for (int lines = 5 + random.nextInt(40); lines > 0; lines--) {
            body.append("filler line of the chaos run, so that bodies differ in size: ").append(lines).append("\r\n");
        }
        return body.append(".\r\n").toString();
    }

    private static String command(LineConnection smtp, String line) throws IOException {
        smtp.sendLine(line);
        return reply(smtp);
    }

    /** A whole reply; its last line, which carries the final code. */
    private static String reply(LineConnection smtp) throws IOException {
        String line;
        do {
            line = smtp.readLine();
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }

    private long now() {
        return System.currentTimeMillis() - started;
    }

    private static void pause(Random random) {
        try {
            Thread.sleep(200 + random.nextInt(300));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
