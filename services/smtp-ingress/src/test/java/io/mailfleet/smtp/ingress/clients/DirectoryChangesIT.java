package io.mailfleet.smtp.ingress.clients;

import io.mailfleet.events.EventPublisher;
import io.mailfleet.events.ProducerSettings;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.DirectoryChanged;
import io.mailfleet.model.event.Listener;
import io.mailfleet.quarkus.backend.MailBackends;
import io.mailfleet.quarkus.config.KafkaSettings;
import io.mailfleet.quarkus.config.TopicSettings;
import io.mailfleet.smtp.ingress.server.Backends;
import io.mailfleet.smtp.ingress.server.SmtpListeners;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.cassandra.CassandraAccountRepository;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A recipient removed through admin-api is refused at once, although ingress remembers it for the
 * recipient cache's TTL (30 s here): the removal admin-api publishes, sent here as admin-api sends it,
 * makes the policy forget it.
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
class DirectoryChangesIT {

    /** Far below the TTL; generous for a loaded machine, where the event usually lands in well under a second. */
    private static final Duration HEARD_WITHIN = Duration.ofSeconds(5);

    @Inject
    SmtpListeners listeners;

    @Inject
    Backends backends;

    @Inject
    MailBackends shared;

    @Inject
    KafkaSettings kafka;

    @Inject
    TopicSettings topics;

    @Test
    void aRecipientRemovedByAdminApiIsRefusedBeforeItsCachedAnswerExpires() throws Exception {
        Accounts.seed(backends);
        CassandraAccountRepository accounts = new CassandraAccountRepository(backends.accounts().session());
        MailAddress leaving = MailAddress.parse("leaving-" + UUID.randomUUID() + "@ingress.test");
        accounts.create(new Account(leaving, "$argon2id$unused", OptionalLong.empty(), Instant.now()));
        assertThat(rcpt(leaving)).startsWith("250");
        awaitReading();

        accounts.delete(leaving);
        assertThat(rcpt(leaving)).as("the answer cached for the TTL").startsWith("250");
        try (EventPublisher publisher = new EventPublisher(ProducerSettings.defaults(kafka.bootstrapServers()), Topics.DEFAULTS)) {
            publisher.publish(topics.directoryEvents(), leaving.lookupKey(),
                    DirectoryChanged.changed(DirectoryChanged.Kind.ACCOUNT, leaving.lookupKey())).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        long published = System.nanoTime();

        String reply = rcpt(leaving);
        while (reply.startsWith("250") && System.nanoTime() - published < HEARD_WITHIN.toNanos()) {
            Thread.sleep(50);
            reply = rcpt(leaving);
        }
        assertThat(reply).as("RCPT after the removal was published").startsWith("550");
    }

    private void awaitReading() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!shared.readingDirectoryChanges() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(shared.readingDirectoryChanges()).as("ingress reads the directory events").isTrue();
    }

    private String rcpt(MailAddress recipient) throws IOException {
        try (RawClient client = new RawClient("127.0.0.1", listeners.port(Listener.MX))) {
            client.reply();
            client.command("EHLO directory.example.org");
            client.command("MAIL FROM:<sender@example.org>");
            String reply = client.command("RCPT TO:<" + recipient + ">");
            client.command("QUIT");
            return reply;
        }
    }
}
