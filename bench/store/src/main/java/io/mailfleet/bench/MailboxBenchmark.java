package io.mailfleet.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.cassandra.CassandraMailboxRepository;
import io.mailfleet.store.cassandra.CassandraMessageRepository;
import io.mailfleet.store.mailbox.ChangesSince;
import io.mailfleet.store.mailbox.FlagUpdate;
import io.mailfleet.store.mailbox.MailboxSnapshot;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.store.mailbox.StoredMessage;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * What an IMAP session costs the store on mailboxes of growing size: open (state and UID list),
 * FLAGS of every message in pages (and, to compare, the whole message rows), {@code \Seen} set on 10,000 messages, the changes since a MODSEQ
 * 100 changes back, and the reopen after expunging every other message (the worst case for dead
 * rows: one gap between each pair of live messages). Each figure is printed beside its target.
 */
final class MailboxBenchmark {

    private static final int FLAG_CHANGES = 10_000;
    private static final int PAGE = 5_000;
    private static final int RUNS = 5;

    private final CassandraMailboxRepository mailboxes;
    private final CassandraMessageRepository messages;
    private final MessageIdGenerator ids = new MessageIdGenerator();

    MailboxBenchmark(CqlSession session) {
        this.mailboxes = new CassandraMailboxRepository(session, Clock.systemUTC());
        this.messages = new CassandraMessageRepository(session);
    }

    /** The figures of one mailbox size, in milliseconds (bytes for the held UID list), by name. */
    Map<String, Double> measure(int size) throws Exception {
        MailboxId mailbox = filled("bench-imap-" + size, size);
        Map<String, Double> figures = new LinkedHashMap<>();
        MailboxSnapshot snapshot = messages.open(mailbox);
        figures.put("open (state + UID list)", median(() -> messages.open(mailbox).uids().size()));
        figures.put("bytes held per message", (double) snapshot.uids().bytesHeld() / snapshot.uids().size());
        figures.put("FLAGS of all, pages of 5,000", median(() -> readAllFlags(mailbox, snapshot)));
        figures.put("message rows of all, pages of 5,000", median(() -> readAllRows(mailbox)));
        List<Uid> firstUids = new ArrayList<>();
        for (int i = 0; i < Math.min(FLAG_CHANGES, size); i++) {
            firstUids.add(snapshot.uids().get(i));
        }
        figures.put("\\Seen set on 10,000 messages", once(() -> messages.store(mailbox, firstUids,
                FlagUpdate.add(Flags.of(Flag.SEEN)), Optional.empty()).updated().size()));
        ModSeq hundredBack = ModSeq.of(messages.counters(mailbox).highestModSeq().value() - 100);
        figures.put("changes since 100 changes back", median(() ->
                ((ChangesSince.Changes) messages.changesSince(mailbox, hundredBack)).changed().size()));
        List<Uid> everyOther = new ArrayList<>();
        for (int i = 0; i < snapshot.uids().size(); i += 2) {
            everyOther.add(snapshot.uids().get(i));
        }
        figures.put("expunge every other message", once(() -> messages.expunge(mailbox, everyOther).isPresent() ? 1 : 0));
        figures.put("reopen after the expunge", median(() -> messages.open(mailbox).uids().size()));
        MailboxSnapshot reopened = messages.open(mailbox);
        figures.put("FLAGS of all after the expunge", median(() -> readAllFlags(mailbox, reopened)));
        return figures;
    }

    /**
     * The tombstone case: a mailbox that received {@code received} messages and expunged three of
     * every four (the most gaps between survivors), then opened, listed and read FLAGS of all.
     */
    Map<String, Double> measureTombstones(int received) throws Exception {
        MailboxId mailbox = filled("bench-tombstones-" + received, received);
        List<Uid> doomed = new ArrayList<>();
        for (long uid = 1; uid <= received; uid++) {
            if (uid % 4 != 0) {
                doomed.add(Uid.of(uid));
            }
        }
        long started = System.nanoTime();
        messages.expunge(mailbox, doomed);
        System.out.printf("expunged %,d of them in %.0f s%n", doomed.size(), (System.nanoTime() - started) / 1e9);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("open (state + UID list)", median(() -> messages.open(mailbox).uids().size()));
        figures.put("list of all messages", median(() -> messages.list(mailbox).size()));
        MailboxSnapshot snapshot = messages.open(mailbox);
        figures.put("FLAGS of all, pages of 5,000", median(() -> readAllFlags(mailbox, snapshot)));
        figures.put("message rows of all, pages of 5,000", median(() -> readAllRows(mailbox)));
        return figures;
    }

    private MailboxId filled(String name, int size) {
        MailboxId mailbox = mailboxes.create(name + "@example.test", MailboxPath.INBOX, Optional.empty()).mailbox().id();
        long started = System.nanoTime();
        BatchAppends.appendAll(messages, mailbox, Stream.generate(this::message).limit(size).iterator());
        System.out.printf("%nfilled a mailbox with %,d messages in %.0f s%n", size, (System.nanoTime() - started) / 1e9);
        return mailbox;
    }

    /** What {@code UID FETCH 1:* (FLAGS)} reads: the flags of the UIDs of the open mailbox, a page of them at a time. */
    private int readAllFlags(MailboxId mailbox, MailboxSnapshot snapshot) {
        int read = 0;
        List<Uid> page = new ArrayList<>(PAGE);
        for (int i = 0; i < snapshot.uids().size(); i++) {
            page.add(snapshot.uids().get(i));
            if (page.size() == PAGE || i == snapshot.uids().size() - 1) {
                read += messages.flags(mailbox, page).size();
                page.clear();
            }
        }
        return read;
    }

    /** The whole message rows of the mailbox in pages, as a FETCH of anything beyond flags reads them. */
    private int readAllRows(MailboxId mailbox) {
        int read = 0;
        Uid from = Uid.MIN;
        while (true) {
            List<StoredMessage> page = messages.range(mailbox, from, Uid.MAX, PAGE);
            read += page.size();
            if (page.size() < PAGE) {
                return read;
            }
            from = page.get(page.size() - 1).uid().next();
        }
    }

    private static double median(Callable<Integer> operation) throws Exception {
        operation.call();
        double[] runs = new double[RUNS];
        for (int r = 0; r < RUNS; r++) {
            runs[r] = once(operation);
        }
        Arrays.sort(runs);
        return runs[RUNS / 2];
    }

    private static double once(Callable<Integer> operation) throws Exception {
        long began = System.nanoTime();
        operation.call();
        return (System.nanoTime() - began) / 1e6;
    }

    private NewMessage message() {
        return new NewMessage(ids.next(), "sha256/" + Long.toHexString(ThreadLocalRandom.current().nextLong()), 4096,
                Instant.now(), Flags.EMPTY);
    }

    /** Prints the figures of the tombstone case beside those of the mailbox of each size, under the same names. */
    static void printTombstones(int received, Map<String, Double> tombstones, int[] sizes, List<Map<String, Double>> figures) {
        StringBuilder header = new StringBuilder(String.format("%n%-34s %12s", "", String.format("%,d - %,d", received, received * 3 / 4)));
        for (int size : sizes) {
            header.append(String.format(" %12s", String.format("%,d", size)));
        }
        System.out.println(header);
        tombstones.forEach((name, value) -> {
            StringBuilder line = new StringBuilder(String.format("%-34s %9.1f ms", name, value));
            for (Map<String, Double> each : figures) {
                line.append(each.containsKey(name) ? String.format(" %9.1f ms", each.get(name)) : String.format(" %12s", "-"));
            }
            System.out.println(line);
        });
    }

    /** Prints the figures of each size side by side, each with its target and the ratio of the last size to the first. */
    static void print(int[] sizes, List<Map<String, Double>> figures) {
        Map<String, String> targets = Map.of(
                "open (state + UID list)", "<= 100 ms at 100,000",
                "bytes held per message", "<= 16 bytes",
                "FLAGS of all, pages of 5,000", "<= 1,000 ms",
                "\\Seen set on 10,000 messages", "<= 2,000 ms");
        StringBuilder header = new StringBuilder(String.format("%n%-34s", "mailbox of"));
        for (int size : sizes) {
            header.append(String.format(" %12s", String.format("%,d", size)));
        }
        System.out.println(header.append(String.format("   %-8s %s", "ratio", "target (ratio <= 10)")));
        for (String name : figures.get(0).keySet()) {
            StringBuilder line = new StringBuilder(String.format("%-34s", name));
            for (Map<String, Double> each : figures) {
                line.append(String.format(name.startsWith("bytes") ? " %9.1f B " : " %9.1f ms", each.get(name)));
            }
            double ratio = figures.get(figures.size() - 1).get(name) / figures.get(0).get(name);
            System.out.println(line.append(String.format("   %-8.1f %s", ratio, targets.getOrDefault(name, ""))));
        }
    }
}
