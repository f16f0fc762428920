package io.mailfleet.imap.gateway;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.imap.gateway.server.Backends;
import io.mailfleet.imap.gateway.server.ImapListeners;
import io.mailfleet.server.Lane;
import io.mailfleet.server.Lanes;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.mailfleet.testing.quarkus.SelfSignedTlsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cassandra's requests per command of the session bench/imap.sh's mixed load runs (LOGIN, LIST, STATUS, SELECT,
 * FETCH of flags, of 10 envelopes and of a body, STORE, APPEND, STORE \Deleted and EXPUNGE of what it appended),
 * counted by Cassandra itself (its native transport's completed requests) around each command of a session alone
 * on the server, the median of three sessions. The commands whose reads were cut are held to what they cost now:
 * SELECT reads the mailbox without its subscription and its state with its UID map, and no intent of a move
 * out of it unless a mark says one is unfinished, STATUS and LIST read no
 * subscription, a FETCH of 10 envelopes reads their contents in one request, an APPEND to the mailbox SELECT opened
 * reads its state with the blocks it writes, an EXPUNGE finds the survivors around its messages in the flag
 * blocks it read the marks in and, as the session marked them, reads their rows in that read, and a FETCH of a whole small body reads its row alone and takes one task on the
 * lanes (the blob read with it, not opened and streamed in tasks of their own).
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(value = SelfSignedTlsResource.class, initArgs = @ResourceArg(name = "prefix", value = "mailfleet.imap"))
class SessionRequestsIT {

    private static final Pattern APPENDUID = Pattern.compile("APPENDUID \\d+ (\\d+)");
    private static final int SESSIONS = 3;

    @Inject
    Backends backends;
    @Inject
    ImapListeners listeners;
    @Inject
    Lanes lanes;

    @Test
    void theCommandsOfAMixedLoadSessionCostNoMoreRequestsThanTheirReadsNeed() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        for (int i = 1; i <= 12; i++) {
            accounts.deliver(user, Accounts.message("Message " + i, "body " + i));
        }
        long overhead = overhead();
        Map<String, List<Long>> requests = new LinkedHashMap<>();
        for (int i = 0; i < SESSIONS; i++) {
            session(user, requests, overhead);
        }
        Map<String, Long> medians = new LinkedHashMap<>();
        requests.forEach((command, counts) -> medians.put(command, counts.stream().sorted().toList().get(counts.size() / 2)));
        System.out.println("Cassandra requests per command, median of " + SESSIONS + " sessions: " + medians);

        assertThat(medians.get("LIST")).as("LIST, in %s", medians).isLessThanOrEqualTo(1);
        assertThat(medians.get("STATUS")).as("STATUS, in %s", medians).isLessThanOrEqualTo(2);
        // The mailbox, then its state with the UID map, the first flag blocks (where the first unseen message is) and the
        // marks that say no move out of it is unfinished.
        assertThat(medians.get("SELECT")).as("SELECT, in %s", medians).isLessThanOrEqualTo(2);
        // The selection's first command reads no changes: its wake-ups are watched from before SELECT's read.
        assertThat(medians.get("FETCH FLAGS")).as("FETCH FLAGS, in %s", medians).isLessThanOrEqualTo(1);
        assertThat(medians.get("FETCH ENVELOPE")).as("FETCH ENVELOPE, in %s", medians).isLessThanOrEqualTo(2);
        // BODY[] is the whole message: the row's size says where it ends, no parsed content is read.
        assertThat(medians.get("FETCH BODY")).as("FETCH BODY, in %s", medians).isLessThanOrEqualTo(1);
        // The state with the blocks of the new UID in one read: SELECT opened the mailbox, so their numbers are known.
        assertThat(medians.get("APPEND")).as("APPEND, in %s", medians).isLessThanOrEqualTo(7);
        // The marks with the state and, as the session marked the message, its row with its UID map block, in one read;
        // then the change.
        assertThat(medians.get("EXPUNGE")).as("EXPUNGE, in %s", medians).isLessThanOrEqualTo(2);
    }

    private void session(MailAddress user, Map<String, List<Long>> requests, long overhead) throws Exception {
        try (RawImap imap = RawImap.connectTls(listeners.port(ImapListeners.IMPLICIT_TLS))) {
            Counted counted = new Counted(requests, overhead);
            counted.command("LOGIN", imap, "a LOGIN \"" + user + "\" \"" + Accounts.PASSWORD + "\"");
            counted.command("LIST", imap, "b LIST \"\" \"*\"");
            counted.command("STATUS", imap, "c STATUS INBOX (MESSAGES UNSEEN UIDNEXT)");
            counted.command("SELECT", imap, "d SELECT INBOX");
            counted.command("FETCH FLAGS", imap, "e FETCH 1:* (FLAGS)");
            counted.command("FETCH ENVELOPE", imap, "f FETCH 1:10 (ENVELOPE)");
            long tasks = laneTasks();
            counted.command("FETCH BODY", imap, "g FETCH 3 (BODY.PEEK[])");
            assertThat(laneTasks() - tasks).as("tasks on the lanes for a FETCH of a small body").isEqualTo(1);
            counted.command("STORE", imap, "h STORE 12 +FLAGS (\\Flagged)");
            String message = "Subject: appended\r\n\r\nappended\r\n";
            imap.send("i APPEND INBOX {" + message.length() + "}");
            assertThat(imap.readUntil(line -> line.startsWith("+") || line.startsWith("i ")).get(0)).startsWith("+");
            String appended = counted.answer("APPEND", imap, message);
            Matcher uid = APPENDUID.matcher(appended);
            assertThat(uid.find()).as(appended).isTrue();
            counted.command("STORE \\Deleted", imap, "j UID STORE " + uid.group(1) + " +FLAGS (\\Deleted)");
            counted.command("EXPUNGE", imap, "k EXPUNGE");
        }
    }

    /** Counts the requests each command cost, from just before it is sent to its tagged answer. */
    private final class Counted {
        private final Map<String, List<Long>> requests;
        private final long overhead;
        private long last = completed();

        Counted(Map<String, List<Long>> requests, long overhead) {
            this.requests = requests;
            this.overhead = overhead;
        }

        void command(String name, RawImap imap, String tagged) throws Exception {
            last = completed();
            assertThat(imap.command(tagged)).as(name).contains(tagged.substring(0, 2) + "OK");
            requests.computeIfAbsent(name, key -> new ArrayList<>()).add(completed() - last - overhead);
        }

        /** The answer to the last octets of a command, {@code rest}, sent now. */
        String answer(String name, RawImap imap, String rest) throws Exception {
            last = completed();
            imap.sendRaw(rest + "\r\n");
            String answer = String.join("\r\n", imap.readUntil(line -> line.matches("^[a-z] .*")));
            assertThat(answer).as(name).contains(" OK ");
            requests.computeIfAbsent(name, key -> new ArrayList<>()).add(completed() - last - overhead);
            return answer;
        }
    }

    /** The tasks ever given to the lanes' executors: one for each piece of blocking work a command ran. */
    private long laneTasks() {
        long tasks = 0;
        for (Lane lane : Lane.values()) {
            tasks += ((ThreadPoolExecutor) lanes.executor(lane)).getTaskCount();
        }
        return tasks;
    }

    /** What the counting costs by itself: its own query counts as a request. */
    private long overhead() {
        List<Long> empty = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long first = completed();
            empty.add(completed() - first);
        }
        return empty.stream().sorted().toList().get(empty.size() / 2);
    }

    /** The requests Cassandra's native transport has completed since it started. */
    private long completed() {
        CqlSession session = backends.store().session();
        for (Row row : session.execute("SELECT name, completed_tasks FROM system_views.thread_pools")) {
            if ("Native-Transport-Requests".equals(row.getString("name"))) {
                return row.getLong("completed_tasks");
            }
        }
        throw new AssertionError("Cassandra reports no Native-Transport-Requests pool");
    }
}
