package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.model.MessageId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.mailbox.Appended;
import io.mailfleet.store.mailbox.Copied;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.MessageRepositoryContract;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.store.mailbox.StoredMessage;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A MOVE of 60 messages (two chunks of four steps) runs in a child JVM that is SIGKILLed after
 * each step in turn; the next open of the source by another instance finishes what was left, and
 * every message is then in exactly one of the two mailboxes, with exact counters in both. A MOVE
 * that fails after its copy, and that the client then sends again, leaves one copy too.
 */
@ExtendWith(RealInfrastructureExtension.class)
class MoveKilledAtEveryStepIT {

    private static final int MESSAGES = 60;
    private static final int STEPS = 8;

    @Test
    void aMoveKilledAfterAnyStepLeavesEachMessageInExactlyOneMailbox(Infrastructure servers) throws Exception {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMailboxRepository mailboxes = new CassandraMailboxRepository(session, Clock.systemUTC());
        CassandraMessageRepository survivor = new CassandraMessageRepository(session,
                new MessageStoreSettings(MessageStoreSettings.DEFAULTS.logRetention(), Duration.ZERO));
        // Each kill point has mailboxes of its own, so a few run at once: most of a run is a JVM starting.
        ExecutorService runs = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> outcomes = new ArrayList<>();
            for (int step = 0; step <= STEPS; step++) {
                int stopAfter = step;
                outcomes.add(runs.submit(() -> {
                    killAfterStepAndResume(servers, mailboxes, survivor, stopAfter);
                    return null;
                }));
            }
            for (Future<?> outcome : outcomes) {
                outcome.get(5, TimeUnit.MINUTES);
            }
        } finally {
            runs.shutdownNow();
        }
    }

    /**
     * The store fails after the copy step (as when Cassandra stops answering before the expunge): the
     * client gets NO, still sees the message in the source and moves it again, in a new intent, before
     * the failed one is old enough to be finished by anyone. The retry must find the first copy.
     */
    @Test
    void aMoveRetriedAfterFailingPastItsCopyLeavesOneCopyInTheTarget(Infrastructure servers) {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMessageRepository store = new CassandraMessageRepository(session, MessageStoreSettings.DEFAULTS);
        Mailbox[] inboxAndArchive = inboxAndArchive(session);
        Mailbox source = inboxAndArchive[0];
        Mailbox target = inboxAndArchive[1];
        List<Uid> uids = store.appendAll(source.id(), List.of(MessageRepositoryContract.message(300, Flags.EMPTY),
                MessageRepositoryContract.message(400, Flags.EMPTY))).stream().map(Appended::uid).toList();
        Uid moved = uids.get(0);

        moveFailingAfterItsCopy(store, source, target, moved);
        assertThat(store.list(source.id())).extracting(StoredMessage::uid).containsExactlyElementsOf(uids);
        List<StoredMessage> copiedOnce = store.list(target.id());
        assertThat(copiedOnce).hasSize(1);

        List<Copied> retried = store.move(source.id(), target.id(), List.of(moved));

        // The copy the receipt names, as it was written then.
        assertThat(retried).extracting(Copied::source, Copied::target, Copied::modSeq)
                .containsExactly(tuple(moved, copiedOnce.get(0).uid(), copiedOnce.get(0).modSeq()));
        assertThat(store.list(target.id())).extracting(StoredMessage::uid).containsExactly(copiedOnce.get(0).uid());
        assertThat(store.list(source.id())).extracting(StoredMessage::uid).containsExactly(uids.get(1));
        // The failed move's intent, finished later by another instance, adds nothing either.
        new CassandraMessageRepository(session, new MessageStoreSettings(MessageStoreSettings.DEFAULTS.logRetention(),
                Duration.ZERO)).open(source.id());
        assertThat(store.list(target.id())).hasSize(1);
        assertThat(store.counters(target.id()).messages()).isOne();
        assertThat(store.counters(target.id()).bytes()).isEqualTo(300);
        assertThat(store.counters(source.id()).messages()).isOne();
    }

    /**
     * POP3 lists the INBOX without opening it: the list finishes a move left half done out of it, and lists
     * the mailbox as that leaves it, not as it was read beside the intents.
     */
    @Test
    void aListFinishesAMoveLeftHalfDoneAndListsWhatItLeft(Infrastructure servers) {
        CqlSession session = StoreSessions.shared(servers);
        CassandraMessageRepository store = new CassandraMessageRepository(session, MessageStoreSettings.DEFAULTS);
        Mailbox[] inboxAndArchive = inboxAndArchive(session);
        Mailbox source = inboxAndArchive[0];
        Mailbox target = inboxAndArchive[1];
        List<Uid> uids = store.appendAll(source.id(), List.of(MessageRepositoryContract.message(600, Flags.EMPTY),
                MessageRepositoryContract.message(700, Flags.EMPTY))).stream().map(Appended::uid).toList();
        moveFailingAfterItsCopy(store, source, target, uids.get(0));

        List<StoredMessage> listed = new CassandraMessageRepository(session, new MessageStoreSettings(
                MessageStoreSettings.DEFAULTS.logRetention(), Duration.ZERO)).list(source.id());

        assertThat(listed).extracting(StoredMessage::uid).containsExactly(uids.get(1));
        assertThat(store.list(target.id())).hasSize(1);
        assertThat(store.counters(source.id()).messages()).isOne();
    }

    /**
     * As above, but the client expunges the copy it saw appear in the target before it moves the
     * message again: the receipt of that copy must not stand for it, or the move's expunge of the
     * source would leave the message in no mailbox.
     */
    @Test
    void aMoveRetriedAfterItsFirstCopyWasExpungedCopiesAgain(Infrastructure servers) {
        CassandraMessageRepository store = new CassandraMessageRepository(StoreSessions.shared(servers),
                MessageStoreSettings.DEFAULTS);
        Mailbox[] inboxAndArchive = inboxAndArchive(StoreSessions.shared(servers));
        Mailbox source = inboxAndArchive[0];
        Mailbox target = inboxAndArchive[1];
        NewMessage original = MessageRepositoryContract.message(500, Flags.EMPTY);
        Uid moved = store.append(source.id(), original).uid();
        moveFailingAfterItsCopy(store, source, target, moved);
        Uid firstCopy = store.list(target.id()).get(0).uid();
        store.expunge(target.id(), List.of(firstCopy));

        List<Copied> retried = store.move(source.id(), target.id(), List.of(moved));

        List<StoredMessage> inTarget = store.list(target.id());
        assertThat(inTarget).extracting(StoredMessage::messageId).containsExactly(original.messageId());
        assertThat(retried).extracting(Copied::source, Copied::target, Copied::modSeq)
                .containsExactly(tuple(moved, inTarget.get(0).uid(), inTarget.get(0).modSeq()));
        assertThat(inTarget.get(0).uid()).isNotEqualTo(firstCopy);
        assertThat(store.list(source.id())).isEmpty();
        assertThat(store.counters(target.id()).messages()).isOne();
    }

    /** INBOX and Archive of a new account. */
    private static Mailbox[] inboxAndArchive(CqlSession session) {
        CassandraMailboxRepository mailboxes = new CassandraMailboxRepository(session, Clock.systemUTC());
        String account = "move-retry-" + UUID.randomUUID() + "@example.test";
        return new Mailbox[] {mailboxes.create(account, MailboxPath.INBOX, Optional.empty()).mailbox(),
                mailboxes.create(account, MailboxPath.parse("Archive"), Optional.empty()).mailbox()};
    }

    /** A move of {@code uid} whose store stops answering once the copy is written, before the expunge. */
    private static void moveFailingAfterItsCopy(CassandraMessageRepository store, Mailbox source, Mailbox target, Uid uid) {
        int[] steps = {0};
        assertThatThrownBy(() -> store.move(source.id(), target.id(), List.of(uid), () -> {
            if (++steps[0] == 2) {
                throw new StoreUnavailableException("expunge timed out");
            }
        })).isInstanceOf(StoreUnavailableException.class);
    }

    private static void killAfterStepAndResume(Infrastructure servers, CassandraMailboxRepository mailboxes,
                                               CassandraMessageRepository survivor, int stopAfter) throws Exception {
        String account = "move-" + UUID.randomUUID() + "@example.test";
        Mailbox source = mailboxes.create(account, MailboxPath.INBOX, Optional.empty()).mailbox();
        Mailbox target = mailboxes.create(account, MailboxPath.parse("Archive"), Optional.empty()).mailbox();
        List<NewMessage> originals = IntStream.range(0, MESSAGES)
                .mapToObj(i -> MessageRepositoryContract.message(100 + i, Flags.EMPTY)).toList();
        List<MessageId> ids = originals.stream().map(NewMessage::messageId).toList();
        List<Uid> uids = new ArrayList<>();
        for (List<NewMessage> batch : List.of(originals.subList(0, 50), originals.subList(50, MESSAGES))) {
            survivor.appendAll(source.id(), batch).forEach(appended -> uids.add(appended.uid()));
        }

        runChildUntilKilled(servers, source, target, uids, stopAfter);
        survivor.open(source.id());

        List<StoredMessage> inSource = survivor.list(source.id());
        List<StoredMessage> inTarget = survivor.list(target.id());
        Map<MessageId, Long> copies = Stream.concat(inSource.stream(), inTarget.stream())
                .collect(Collectors.groupingBy(StoredMessage::messageId, Collectors.counting()));
        assertThat(copies).as("killed after step %d", stopAfter).containsOnlyKeys(ids).allSatisfy((id, n) -> assertThat(n).isOne());
        int expectedMoved = stopAfter == 0 ? 0 : stopAfter <= 4 ? 50 : MESSAGES;
        assertThat(inTarget).as("killed after step %d", stopAfter).hasSize(expectedMoved);
        assertThat(survivor.counters(source.id()).messages()).isEqualTo(inSource.size());
        assertThat(survivor.counters(target.id()).messages()).isEqualTo(inTarget.size());
        assertThat(survivor.counters(target.id()).bytes()).isEqualTo(inTarget.stream().mapToLong(StoredMessage::size).sum());
    }

    /** Starts the child, waits until it reports the step and SIGKILLs it there. */
    private static void runChildUntilKilled(Infrastructure servers, Mailbox source, Mailbox target, List<Uid> uids, int stopAfter)
            throws Exception {
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx128m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), MoveChild.class.getName(),
                servers.cassandra().host() + ":" + servers.cassandra().port(), servers.cassandra().localDatacenter(),
                StoreSessions.KEYSPACE, source.id().toString(), target.id().toString(), Integer.toString(stopAfter),
                uids.stream().map(uid -> Long.toString(uid.value())).collect(Collectors.joining(",")));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> readUntilStep(output),
                    reader -> new Thread(reader, "move-child-output").start());
            List<String> seen = lines.get(2, TimeUnit.MINUTES);
            assertThat(seen).as("child output").anyMatch(line -> line.equals("reached step " + stopAfter));
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
    }

    private static List<String> readUntilStep(BufferedReader output) {
        List<String> lines = new ArrayList<>();
        try {
            String line;
            while ((line = output.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("reached step ")) {
                    break;
                }
            }
        } catch (java.io.IOException e) {
            lines.add("read failed: " + e);
        }
        return lines;
    }
}
