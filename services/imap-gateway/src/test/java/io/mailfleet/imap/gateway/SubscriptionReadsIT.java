package io.mailfleet.imap.gateway;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailfleet.imap.gateway.server.Backends;
import io.mailfleet.imap.gateway.server.ImapListeners;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.mailfleet.testing.quarkus.SelfSignedTlsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands on one mailbox (SELECT, STATUS, APPEND, COPY, GETQUOTAROOT) find it without reading the account's
 * subscriptions, which none of them reports, and so does a LIST that reports none: one Cassandra request less each.
 * Counted by Cassandra itself (its coordinator's reads of the subscription table), and checked against a LIST that
 * reports subscriptions, which does read them.
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(value = SelfSignedTlsResource.class, initArgs = @ResourceArg(name = "prefix", value = "mailfleet.imap"))
class SubscriptionReadsIT {

    @Inject
    Backends backends;
    @Inject
    ImapListeners listeners;

    @Test
    void onlyAListThatReportsSubscriptionsReadsThem() throws Exception {
        Accounts accounts = new Accounts(backends);
        MailAddress user = accounts.create();
        accounts.deliver(user, Accounts.message("First", "first body"));

        try (RawImap imap = RawImap.connectTls(listeners.port(ImapListeners.IMPLICIT_TLS))) {
            assertThat(imap.command("a LOGIN \"" + user + "\" \"" + Accounts.PASSWORD + "\"")).contains("a OK");
            assertThat(imap.command("c CREATE Archive")).contains("c OK");
            long before = subscriptionReads();

            assertThat(imap.command("s SELECT INBOX")).contains("* 1 EXISTS", "s OK");
            assertThat(imap.command("t STATUS Archive (MESSAGES UIDNEXT)")).contains("* STATUS Archive (MESSAGES 0 UIDNEXT 1)", "t OK");
            String message = "Subject: appended\r\n\r\nappended\r\n";
            imap.send("p APPEND Archive {" + message.length() + "}");
            assertThat(imap.readUntil(line -> line.startsWith("+") || line.startsWith("p ")).get(0)).startsWith("+");
            imap.sendRaw(message + "\r\n");
            assertThat(String.join("\r\n", imap.readUntil(line -> line.startsWith("p ")))).contains("p OK [APPENDUID ");
            assertThat(imap.command("y COPY 1 Archive")).contains("y OK [COPYUID ");
            assertThat(imap.command("q GETQUOTAROOT INBOX")).contains("* QUOTAROOT INBOX", "q OK");
            assertThat(imap.command("u STATUS Archive (MESSAGES)")).contains("* STATUS Archive (MESSAGES 2)", "u OK");
            assertThat(subscriptionReads()).as("reads of the subscriptions by SELECT, STATUS, APPEND, COPY, GETQUOTAROOT")
                    .isEqualTo(before);

            assertThat(imap.command("l LIST \"\" \"*\"")).contains("* LIST (\\HasNoChildren) \"/\" Archive", "l OK")
                    .doesNotContain("\\Subscribed");
            assertThat(subscriptionReads()).as("reads of the subscriptions by a LIST that reports none").isEqualTo(before);

            assertThat(imap.command("r LIST \"\" \"*\" RETURN (SUBSCRIBED)")).contains("\\Subscribed) \"/\" Archive", "r OK");
            assertThat(subscriptionReads()).as("reads of the subscriptions by a LIST that reports them").isGreaterThan(before);
        }
    }

    /** The reads of the subscription table Cassandra has served since it started, from its own virtual table. */
    private long subscriptionReads() {
        CqlSession session = backends.store().session();
        List<Row> rows = session.execute("SELECT count FROM system_views.coordinator_read_latency"
                + " WHERE keyspace_name = ? AND table_name = 'mailbox_subscriptions'", session.getKeyspace().orElseThrow().asInternal()).all();
        return rows.isEmpty() ? 0 : rows.get(0).getLong("count");
    }
}
