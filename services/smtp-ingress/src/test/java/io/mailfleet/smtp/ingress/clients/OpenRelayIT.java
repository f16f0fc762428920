package io.mailfleet.smtp.ingress.clients;

import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.Listener;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.quarkus.config.KafkaSettings;
import io.mailfleet.smtp.ingress.server.Backends;
import io.mailfleet.smtp.ingress.server.SmtpListeners;
import io.mailfleet.store.account.Alias;
import io.mailfleet.store.cassandra.CassandraAliasRepository;
import io.mailfleet.store.cassandra.CassandraDomainRepository;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classic open-relay probes against the MX listener, without AUTH: each recipient that would send
 * mail elsewhere, however it is disguised, is refused at RCPT, and no event for it reaches Kafka. The
 * local domain is ingress.test; this server's own name is the default, localhost.
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
class OpenRelayIT {

    private static final String OWN_NAME = "localhost";
    private static boolean postmasterSeeded;

    @Inject
    SmtpListeners listeners;

    @Inject
    Backends backends;

    @Inject
    KafkaSettings kafka;

    @BeforeEach
    void seed() {
        Accounts.seed(backends);
        seedPostmaster();
    }

    /** RFC 5321 §4.5.1: the operator routes postmaster of the server's own name to a person. */
    private synchronized void seedPostmaster() {
        if (postmasterSeeded) {
            return;
        }
        var session = backends.accounts().session();
        new CassandraDomainRepository(session, Clock.systemUTC()).create(Domain.parse(OWN_NAME));
        new CassandraAliasRepository(session).put(Alias.of(MailAddress.parse("postmaster@" + OWN_NAME),
                List.of(MailAddress.parse(Accounts.ANN))));
        postmasterSeeded = true;
    }

    @ParameterizedTest(name = "RCPT TO:{0} from {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // The %-hack and the !-path are local parts of our domain that no account has.
            "<friend%remote.example@ingress.test>               | <probe@example.org> | 550",
            "<remote.example!friend@ingress.test>               | <probe@example.org> | 550",
            "<\"friend@remote.example\"@ingress.test>           | <probe@example.org> | 550",
            "<\"friend%remote.example\"@ingress.test>           | <probe@example.org> | 550",
            // A source route is dropped (RFC 5321 §C); the mailbox left is remote.
            "<@ingress.test:friend@remote.example>              | <probe@example.org> | 554",
            "<@ingress.test,@localhost:friend@remote.example>   | <probe@example.org> | 554",
            "<friend@[192.0.2.1]>                               | <probe@example.org> | 554",
            "<friend@[127.0.0.1]>                               | <probe@example.org> | 554",
            "<friend@[IPv6:::1]>                                | <probe@example.org> | 554",
            "<friend@remote.example>                            | <>                  | 554",
            "<friend@remote.example>                            | <ann@ingress.test>  | 554",
            "<friend@remote.example.>                           | <probe@example.org> | 501",
            "<friend@ingress.test.>                             | <probe@example.org> | 501",
            "<friend@INGRESS.TEST.>                             | <probe@example.org> | 501",
            "<friend@remote.example@ingress.test>               | <probe@example.org> | 501",
            "<friend@ingress.test@remote.example>               | <probe@example.org> | 501",
            "<ingress.test!friend@remote.example>               | <probe@example.org> | 554",
            "<friend%ingress.test@remote.example>               | <probe@example.org> | 554",
            "<friend@remote.example:25>                         | <probe@example.org> | 501",
            "<friend@ingress.test.remote.example>               | <probe@example.org> | 554"})
    void noDisguiseGetsMailRelayed(String path, String sender, int code) throws IOException {
        int before = MailTrail.inbound(kafka.bootstrapServers()).size();
        try (RawClient client = new RawClient("127.0.0.1", port())) {
            client.reply();
            assertThat(client.command("EHLO probe.example.org")).startsWith("250");
            assertThat(client.command("MAIL FROM:" + sender.trim())).startsWith("250");
            assertThat(client.command("RCPT TO:" + path.trim())).startsWith(Integer.toString(code));
            // Whatever DATA makes of it, nothing may be published with no accepted recipient.
            assertThat(client.command("DATA")).startsWith("5");
            assertThat(client.command("QUIT")).startsWith("221");
        }
        assertThat(MailTrail.inbound(kafka.bootstrapServers())).hasSize(before);
    }

    @ParameterizedTest(name = "RCPT TO:{0} is ours")
    @CsvSource(delimiter = '|', value = {
            "<ann@INGRESS.TEST>                  | ann@ingress.test",
            "<ANN@ingress.test>                  | ann@ingress.test",
            "<@remote.example:ann@ingress.test>  | ann@ingress.test",
            "<postmaster>                        | postmaster@localhost",
            "<Postmaster>                        | postmaster@localhost",
            "<postmaster@LOCALHOST>              | postmaster@localhost"})
    void localRecipientsInAnySpellingAreAcceptedAndStayLocal(String path, String recipient) throws IOException {
        String queueId = send("<>", path.trim());

        MailAccepted event = MailTrail.byQueueId(kafka.bootstrapServers(), queueId).orElseThrow();
        assertThat(event.recipients()).singleElement()
                .satisfies(accepted -> assertThat(accepted.address()).isEqualToIgnoringCase(recipient.trim()));
    }

    @Test
    void aRelayAttemptAmongLocalRecipientsReachesOnlyTheLocalOne() throws IOException {
        String queueId;
        try (RawClient client = new RawClient("127.0.0.1", port())) {
            client.reply();
            client.command("EHLO probe.example.org");
            assertThat(client.command("MAIL FROM:<probe@example.org>")).startsWith("250");
            assertThat(client.command("RCPT TO:<friend@remote.example>")).startsWith("554");
            assertThat(client.command("RCPT TO:<" + Accounts.ANN + ">")).startsWith("250");
            assertThat(client.command("RCPT TO:<friend%remote.example@ingress.test>")).startsWith("550");
            assertThat(client.command("DATA")).startsWith("354");
            String reply = client.command("Subject: mixed\r\n\r\nbody\r\n.");
            assertThat(reply).startsWith("250 2.0.0");
            queueId = reply.substring(reply.lastIndexOf(' ') + 1).trim();
        }
        MailAccepted event = MailTrail.byQueueId(kafka.bootstrapServers(), queueId).orElseThrow();
        assertThat(event.recipients()).extracting(recipient -> recipient.address()).containsExactly(Accounts.ANN);
    }

    private String send(String sender, String path) throws IOException {
        try (RawClient client = new RawClient("127.0.0.1", port())) {
            client.reply();
            client.command("EHLO probe.example.org");
            assertThat(client.command("MAIL FROM:" + sender)).startsWith("250");
            assertThat(client.command("RCPT TO:" + path)).as(path).startsWith("250");
            assertThat(client.command("DATA")).startsWith("354");
            String reply = client.command("Subject: local\r\n\r\nbody\r\n.");
            assertThat(reply).startsWith("250 2.0.0");
            return reply.substring(reply.lastIndexOf(' ') + 1).trim();
        }
    }

    private int port() {
        return listeners.port(Listener.MX);
    }
}
