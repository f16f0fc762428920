package io.mailfleet.smtp.ingress.clients;

import io.mailfleet.model.event.Listener;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.quarkus.config.KafkaSettings;
import io.mailfleet.smtp.ingress.server.Backends;
import io.mailfleet.smtp.ingress.server.SmtpListeners;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SMTP smuggling: a message whose content holds an end of data that some server would take as one
 * ({@code \n.\n}, {@code \r.\r}, {@code \n.\r\n}, {@code \r\n.\n}), followed by a second, forged
 * transaction. The SMTP core refuses any CR or LF outside a CRLF pair (RFC 5321 §2.3.8) with
 * 550 5.6.0, in DATA after the real end of data and in BDAT with the LAST chunk, so the server never
 * sees a second message: the next reply is the client's own next command's, and Kafka holds neither
 * the first message nor the forged one. A clean message afterwards on the same connection is accepted.
 */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
class SmugglingIT {

    private static final String HIDDEN = "MAIL FROM:<admin@ingress.test>\r\nRCPT TO:<" + Accounts.ANN + ">\r\n"
            + "DATA\r\nSubject: forged\r\n\r\nforged\r\n.\r\n";

    @Inject
    SmtpListeners listeners;

    @Inject
    Backends backends;

    @Inject
    KafkaSettings kafka;

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({"\\n.\\n, DATA", "\\r.\\r, DATA", "\\n.\\r\\n, DATA", "\\r\\n.\\n, DATA",
            "\\n.\\n, BDAT", "\\r.\\r, BDAT", "\\n.\\r\\n, BDAT", "\\r\\n.\\n, BDAT"})
    void aHiddenEndOfDataNeverStartsASecondMessage(String ending, String transfer) throws IOException {
        Accounts.seed(backends);
        String payload = "Subject: innocent\r\n\r\nhello" + unescape(ending) + HIDDEN;
        Set<String> before = queueIds();
        String cleanQueueId;
        try (RawClient client = new RawClient("127.0.0.1", listeners.port(Listener.MX))) {
            client.reply();
            assertThat(client.command("EHLO smuggler.example.org")).contains("CHUNKING");
            assertThat(client.command("MAIL FROM:<smuggler@example.org>")).startsWith("250");
            assertThat(client.command("RCPT TO:<" + Accounts.ANN + ">")).startsWith("250");
            if (transfer.equals("DATA")) {
                assertThat(client.command("DATA")).startsWith("354");
                client.send(payload);
            } else {
                client.send("BDAT " + payload.getBytes(StandardCharsets.ISO_8859_1).length + " LAST\r\n" + payload);
            }
            assertThat(client.reply()).startsWith("550 5.6.0");
            // Had the hidden commands run, their four replies would come before this one.
            assertThat(client.command("NOOP")).startsWith("250 ");

            assertThat(client.command("MAIL FROM:<honest@example.org>")).startsWith("250");
            assertThat(client.command("RCPT TO:<" + Accounts.ANN + ">")).startsWith("250");
            assertThat(client.command("DATA")).startsWith("354");
            String reply = client.command("Subject: clean\r\n\r\nclean\r\n.");
            assertThat(reply).startsWith("250 2.0.0");
            cleanQueueId = reply.substring(reply.lastIndexOf(' ') + 1).trim();
        }
        Set<String> published = queueIds();
        published.removeAll(before);
        assertThat(published).containsExactly(cleanQueueId);
    }

    private Set<String> queueIds() {
        return MailTrail.inbound(kafka.bootstrapServers()).stream().map(MailAccepted::queueId)
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n");
    }
}
