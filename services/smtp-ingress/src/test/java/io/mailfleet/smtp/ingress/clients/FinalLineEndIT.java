package io.mailfleet.smtp.ingress.clients;

import io.mailfleet.model.event.Listener;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.quarkus.config.KafkaSettings;
import io.mailfleet.smtp.ingress.server.Backends;
import io.mailfleet.smtp.ingress.server.SmtpListeners;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message sent by {@code BDAT ... LAST} whose last line has no CRLF is stored with one, as DATA
 * would have delivered it, and its recorded size is the stored octets: what POP3's RETR (which
 * must end the last line before its terminator) and IMAP send, so LIST, STAT and RETR agree.
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
class FinalLineEndIT {

    @Inject
    SmtpListeners listeners;

    @Inject
    Backends backends;

    @Inject
    KafkaSettings kafka;

    @Test
    void aBdatMessageWithoutItsFinalLineEndIsStoredWithOneAndItsSizeIsTheStoredOctets() throws IOException {
        Accounts.seed(backends);
        String message = "Subject: chunked\r\n\r\nthe last line has no line end";
        byte[] stored = storedBody(message, "BDAT " + message.length() + " LAST\r\n" + message);

        assertThat(new String(stored, StandardCharsets.US_ASCII)).endsWith(message + "\r\n");
    }

    @Test
    void aBdatMessageWithItsFinalLineEndIsStoredAsSent() throws IOException {
        Accounts.seed(backends);
        String message = "Subject: chunked\r\n\r\nthe last line ends\r\n";
        byte[] stored = storedBody(message, "BDAT " + message.length() + " LAST\r\n" + message);

        assertThat(new String(stored, StandardCharsets.US_ASCII)).endsWith("\r\n\r\nthe last line ends\r\n")
                .doesNotEndWith("\r\n\r\n");
    }

    /** Sends the transfer and returns the body as stored, after checking the event's size against it. */
    private byte[] storedBody(String message, String transfer) throws IOException {
        String reply;
        try (RawClient client = new RawClient("127.0.0.1", listeners.port(Listener.MX))) {
            client.reply();
            assertThat(client.command("EHLO chunks.example.org")).contains("CHUNKING");
            assertThat(client.command("MAIL FROM:<chunks@example.org>")).startsWith("250");
            assertThat(client.command("RCPT TO:<" + Accounts.ANN + ">")).startsWith("250");
            reply = client.send(transfer).reply();
        }
        assertThat(reply).as(message).startsWith("250 2.0.0");
        String queueId = reply.substring(reply.lastIndexOf(' ') + 1).trim();
        MailAccepted event = MailTrail.byQueueId(kafka.bootstrapServers(), queueId).orElseThrow();
        try (InputStream in = backends.blobs().get(new BlobKey(event.blobKey()))) {
            byte[] body = in.readAllBytes();
            assertThat(event.size()).as("the recorded size is the stored octets").isEqualTo(body.length);
            return body;
        }
    }
}
