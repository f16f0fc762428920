package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.Uid;

import java.util.Arrays;
import java.util.List;

/**
 * The child JVM of {@link MoveKilledAtEveryStepIT}: moves UIDs between two mailboxes and, once
 * {@code stopAfter} steps of the move are done, says so and waits to be killed.
 * Arguments: contact point, data centre, keyspace, source id, target id, stopAfter, UIDs (a,b,c).
 */
public final class MoveChild {

    private MoveChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        CassandraConfig config = CassandraConfig.singleNode(CassandraConfig.contactPoint(args[0]), args[1], args[2]);
        MailboxId source = MailboxId.parse(args[3]);
        MailboxId target = MailboxId.parse(args[4]);
        int stopAfter = Integer.parseInt(args[5]);
        List<Uid> uids = Arrays.stream(args[6].split(",")).map(uid -> Uid.of(Long.parseLong(uid))).toList();
        CqlSession session = CassandraSessions.open(config);
        CassandraMessageRepository messages = new CassandraMessageRepository(session);
        int[] steps = {0};
        Runnable step = () -> {
            if (steps[0]++ == stopAfter) {
                System.out.println("reached step " + stopAfter);
                System.out.flush();
                waitToBeKilled();
            }
        };
        step.run();
        messages.move(source, target, uids, step);
        System.out.println("moved");
        session.close();
    }

    private static void waitToBeKilled() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
