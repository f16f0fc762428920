package io.mailfleet.delivery.relay;

import io.mailfleet.delivery.TestMail;
import io.mailfleet.delivery.server.Backends;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.store.relay.RelayOutcome;
import io.mailfleet.testing.peers.SinkMessage;
import io.mailfleet.testing.peers.SmtpSink;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static io.mailfleet.delivery.TestMail.await;
import static io.mailfleet.delivery.TestMail.message;
import static org.assertj.core.api.Assertions.assertThat;

/** Relaying to real peers on loopback, found through a real DNS server. */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(RelayPeersResource.class)
class RelayIT {

    @Inject
    Backends backends;
    @Inject
    MeterRegistry registry;
    @ConfigProperty(name = "mailfleet.delivery.retry.give-up-after")
    Duration giveUpAfter;

    private TestMail mail;
    private MailAddress sender;

    @BeforeEach
    void setUp() {
        mail = new TestMail(backends);
        Domain domain = mail.domain();
        sender = mail.account(domain, "sender", OptionalLong.empty());
    }

    @Test
    void aMessageGoesToTheMxOfItsDomainByteForByte() throws Exception {
        MailAddress to = MailAddress.parse("friend@" + RelayPeersResource.OK);
        int before = RelayPeersResource.accepting.received().size();

        MailAccepted sent = mail.send(Optional.of(sender), List.of(to), message(sender.toString(), to.toString(), "Hello out there",
                ".a line that starts with a dot", "the end"));

        assertThat(await(() -> RelayPeersResource.accepting.received().size() == before + 1)).isTrue();
        SinkMessage received = RelayPeersResource.accepting.received().get(before);
        assertThat(received.mailArgs()).contains("<" + sender + ">");
        assertThat(received.rcptArgs()).singleElement().satisfies(rcpt -> assertThat(rcpt).contains("<" + to + ">"));
        assertThat(received.contentAsString()).contains("Subject: Hello out there").contains("\r\n.a line that starts with a dot\r\n");
        assertThat(await(() -> backends.store().relayReceipts().finished(sent.toMessageId())
                .equals(java.util.Map.of(to.toString(), RelayOutcome.DELIVERED)))).isTrue();
    }

    @Test
    void aPeerThatAnswers451IsTriedAgainAndTheRetryDelivers() throws Exception {
        MailAddress to = MailAddress.parse("later@" + RelayPeersResource.FLAKY);
        double deferredBefore = counter("deferred");

        MailAccepted sent = mail.send(Optional.of(sender), List.of(to), message(sender.toString(), to.toString(), "Patience"));

        assertThat(await(() -> counter("deferred") > deferredBefore)).as("the first attempt got 451").isTrue();
        assertThat(RelayPeersResource.flaky.received()).noneMatch(m -> m.contentAsString().contains("Subject: Patience"));
        RelayPeersResource.flaky.restart(SmtpSink.Behaviour.accepting());
        assertThat(await(() -> RelayPeersResource.flaky.received().stream()
                .anyMatch(m -> m.contentAsString().contains("Subject: Patience")))).as("a retry delivered it").isTrue();
        assertThat(await(() -> backends.store().relayReceipts().finished(sent.toMessageId()).containsValue(RelayOutcome.DELIVERED)))
                .isTrue();
        assertThat(mail.inbox(sender)).as("no bounce for a temporary failure").isEmpty();
    }

    @Test
    void aPeerThatAnswers550MakesABounceThatReachesTheSendersMailbox() throws Exception {
        MailAddress to = MailAddress.parse("nobody@" + RelayPeersResource.REFUSING);

        mail.send(Optional.of(sender), List.of(to), message(sender.toString(), to.toString(), "Anybody home?"));

        assertThat(await(() -> mail.inbox(sender).size() == 1)).isTrue();
        String bounce = mail.body(mail.inbox(sender).get(0));
        assertThat(bounce).contains("Content-Type: multipart/report; report-type=delivery-status")
                .contains("Final-Recipient: rfc822; " + to)
                .contains("Action: failed")
                .contains("Status: 5.1.1")
                .contains("Remote-MTA: dns; mx." + RelayPeersResource.REFUSING)
                .contains("Diagnostic-Code: smtp; 550 5.1.1 No such user here")
                .contains("Subject: Anybody home?");
    }

    @Test
    void aDomainWithANullMxBouncesAtOnce() throws Exception {
        MailAddress to = MailAddress.parse("anyone@" + RelayPeersResource.NULL_MX);

        mail.send(Optional.of(sender), List.of(to), message(sender.toString(), to.toString(), "Into the void"));

        assertThat(await(() -> mail.inbox(sender).size() == 1)).isTrue();
        assertThat(mail.body(mail.inbox(sender).get(0))).contains("Status: 5.1.10").contains("Final-Recipient: rfc822; " + to);
    }

    @Test
    void aPeerOfferingStartTlsGetsTheMessageOverTls() throws Exception {
        MailAddress to = MailAddress.parse("bob@" + RelayPeersResource.TLS);

        mail.send(Optional.of(sender), List.of(to), message(sender.toString(), to.toString(), "Sealed"));

        List<byte[]> delivered = RelayPeersResource.postfix.awaitDelivered("bob", 1, TestMail.WAIT);
        assertThat(delivered).anySatisfy(m -> assertThat(new String(m, StandardCharsets.UTF_8)).contains("Subject: Sealed"));
        assertThat(RelayPeersResource.postfix.awaitLogLine("TLS connection established", Duration.ofSeconds(10))).isPresent();
    }

    @Test
    void aDomainWhoseDnsFailsIsRetriedUntilTheMessageExpiresThenItBounces() throws Exception {
        MailAddress to = MailAddress.parse("someone@" + RelayPeersResource.BROKEN_DNS);
        double deferredBefore = counter("deferred");

        MailAccepted sent = mail.send(Optional.of(sender), List.of(to), message(sender.toString(), to.toString(), "DNS trouble"));

        assertThat(await(() -> counter("deferred") > deferredBefore)).isTrue();
        assertThat(mail.inbox(sender)).as("a temporary failure does not bounce").isEmpty();
        // The test profile gives up after seconds instead of 5 days.
        assertThat(await(() -> mail.inbox(sender).size() == 1)).as("bounced once expired").isTrue();
        assertThat(mail.body(mail.inbox(sender).get(0))).contains("Action: failed").contains("Status: 4.4.3")
                .contains("Final-Recipient: rfc822; " + to);
        assertThat(Duration.between(sent.receivedAt(), mail.inbox(sender).get(0).internalDate()))
                .as("not before the give-up time").isGreaterThanOrEqualTo(giveUpAfter);
    }

    private double counter(String outcome) {
        return registry.counter("mailfleet_delivery_recipients_total", "route", "remote", "outcome", outcome).count();
    }
}
