package io.mailfleet.bench;

import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.cassandra.CassandraMailboxRepository;
import io.mailfleet.store.cassandra.CassandraMessageRepository;
import io.mailfleet.store.mailbox.FlagUpdate;
import io.mailfleet.store.mailbox.NewMessage;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;

/**
 * How many conditional writes (Paxos rounds) and serial reads each change of the store runs, without
 * contention, as Cassandra counts them: each change is made {@link #REPEATS} times in a mailbox nobody else
 * writes, and the counts are divided.
 */
final class PaxosRounds {

    private static final int REPEATS = 20;

    private interface Change {
        void make(int index);
    }

    private final CassandraMailboxRepository mailboxes;
    private final CassandraMessageRepository messages;
    private final CassandraCounters counters;
    private final MessageIdGenerator ids = new MessageIdGenerator();

    PaxosRounds(CassandraMailboxRepository mailboxes, CassandraMessageRepository messages, CassandraCounters counters) {
        this.mailboxes = mailboxes;
        this.messages = messages;
        this.counters = counters;
    }

    void print() throws Exception {
        System.out.printf("%nPaxos rounds per change, uncontended (%d of each)%n%-40s %8s %8s %12s%n", REPEATS,
                "change", "CAS", "serial", "paxos writes");
        MailboxId inbox = mailbox("rounds-append");
        count("append one message (APPEND)", i -> messages.append(inbox, message()));
        MailboxId delivered = mailbox("rounds-deliver");
        count("deliver one message", i -> messages.deliver(delivered, message(), UUID.randomUUID().toString()));
        count("\\Seen on one message (STORE)", i -> messages.store(inbox, List.of(Uid.of(1 + i)),
                FlagUpdate.add(Flags.of(Flag.SEEN)), Optional.empty()));
        count("\\Seen on ten messages (STORE)", i -> messages.store(inbox,
                LongStream.rangeClosed(1, REPEATS).mapToObj(Uid::of).toList(),
                FlagUpdate.replace(i % 2 == 0 ? Flags.EMPTY : Flags.of(Flag.SEEN)), Optional.empty()));
        MailboxId target = mailbox("rounds-target");
        count("copy one message (COPY)", i -> messages.copy(inbox, target, List.of(Uid.of(1 + i))));
        messages.store(inbox, LongStream.rangeClosed(1, REPEATS).mapToObj(Uid::of).toList(),
                FlagUpdate.add(Flags.of(Flag.DELETED)), Optional.empty());
        count("expunge one \\Deleted message (EXPUNGE)", i -> messages.expungeDeleted(inbox, List.of(Uid.of(1 + i)),
                Optional.empty()));
        count("move one message (MOVE)", i -> messages.move(target, inbox, List.of(Uid.of(1 + i))));
        System.out.println();
    }

    private void count(String name, Change change) throws Exception {
        CassandraCounters.Snapshot before = counters.read();
        for (int i = 0; i < REPEATS; i++) {
            change.make(i);
        }
        CassandraCounters.Snapshot counts = counters.read().minus(before);
        System.out.printf("%-40s %8.2f %8.2f %12.2f%n", name, counts.casWrites() / (double) REPEATS,
                counts.casReads() / (double) REPEATS, counts.paxosWrites() / (double) REPEATS);
    }

    private MailboxId mailbox(String name) {
        return mailboxes.create("bench-" + name + "@example.test", MailboxPath.INBOX, Optional.empty()).mailbox().id();
    }

    private NewMessage message() {
        byte[] digest = new byte[32];
        ThreadLocalRandom.current().nextBytes(digest);
        return new NewMessage(ids.next(), BlobKey.forSha256(HexFormat.of().formatHex(digest)).value(), 4096,
                Instant.now(), Flags.EMPTY);
    }
}
