package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.MailboxRepository;
import io.mailfleet.store.mailbox.MailboxTree;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eight sessions, as eight instances would have, race to create and rename the same few names of one
 * account, subtrees included. Afterwards every mailbox any of them created is still in the tree under
 * exactly one name, the id lookup agrees with the tree, and no two mailboxes share a UIDVALIDITY.
 */
@ExtendWith(RealInfrastructureExtension.class)
class ConcurrentMailboxTreeIT {

    private static final int SESSIONS = 8;
    private static final int ROUNDS = 15;
    private static final List<String> NAMES = List.of("A", "B", "A/x", "B/x", "C/y", "A/x/z");

    @Test
    void racingCreatesAndRenamesKeepNamesUniqueAndLoseNoMailbox(Infrastructure servers) throws Exception {
        String account = "tree-race-" + System.nanoTime() + "@example.test";
        List<Mailbox> created = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger renamed = new AtomicInteger();
        List<CqlSession> sessions = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
        CyclicBarrier together = new CyclicBarrier(SESSIONS);
        try {
            List<Future<?>> racers = new ArrayList<>();
            for (int s = 0; s < SESSIONS; s++) {
                CqlSession session = CassandraSessions.open(StoreSessions.config(servers, StoreSessions.KEYSPACE));
                sessions.add(session);
                MailboxRepository mailboxes = new CassandraMailboxRepository(session, Clock.systemUTC());
                Random random = new Random(s);
                racers.add(pool.submit(() -> {
                    for (int round = 0; round < ROUNDS; round++) {
                        together.await(1, TimeUnit.MINUTES);
                        MailboxPath first = MailboxPath.parse(NAMES.get(random.nextInt(NAMES.size())));
                        MailboxPath second = MailboxPath.parse(NAMES.get(random.nextInt(NAMES.size())));
                        if (random.nextBoolean()) {
                            MailboxRepository.Created result = mailboxes.create(account, first, Optional.empty());
                            if (result.created()) {
                                created.add(result.mailbox());
                            }
                        } else {
                            if (mailboxes.rename(account, first, second) == MailboxRepository.Renaming.RENAMED) {
                                renamed.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> racer : racers) {
                racer.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            sessions.forEach(CqlSession::close);
        }

        CassandraMailboxRepository reader = new CassandraMailboxRepository(StoreSessions.shared(servers), Clock.systemUTC());
        MailboxTree tree = reader.tree(account);
        List<Mailbox> mailboxes = reader.list(account);
        assertThat(created).as("some creates won").isNotEmpty();
        assertThat(renamed).as("some renames won").hasPositiveValue();
        assertThat(tree.names()).as("no mailbox is deleted in this race").allMatch(name -> name.mailbox().isPresent());
        assertThat(mailboxes).extracting(Mailbox::id).as("no mailbox under two names").doesNotHaveDuplicates();
        assertThat(mailboxes).extracting(Mailbox::id).as("no created mailbox lost")
                .containsAll(created.stream().map(Mailbox::id).toList());
        assertThat(mailboxes).extracting(Mailbox::uidValidity).doesNotHaveDuplicates();
        assertThat(created).extracting(Mailbox::uidValidity).doesNotHaveDuplicates();
        for (Mailbox mailbox : mailboxes) {
            MailboxId id = mailbox.id();
            assertThat(reader.findById(id)).as("lookup of %s", mailbox.path()).contains(mailbox);
            mailbox.path().parent().ifPresent(parent -> assertThat(tree.exists(parent))
                    .as("parent of %s", mailbox.path()).isTrue());
        }
    }
}
