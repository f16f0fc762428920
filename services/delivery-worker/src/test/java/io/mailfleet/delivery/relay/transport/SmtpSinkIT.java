package io.mailfleet.delivery.relay.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.BodyType;
import io.mailfleet.model.event.DsnNotify;
import io.mailfleet.model.event.DsnReturn;
import io.mailfleet.model.event.OriginalRecipient;
import io.mailfleet.model.event.Recipient;
import io.mailfleet.smtp.client.DeliveryStatus;
import io.mailfleet.smtp.client.Diagnosis;
import io.mailfleet.smtp.client.MailTransaction;
import io.mailfleet.smtp.client.RecipientResult;
import io.mailfleet.smtp.client.SmtpClientSettings;
import io.mailfleet.smtp.client.Stage;
import io.mailfleet.smtp.client.TlsMode;
import io.mailfleet.smtp.client.TransactionResult;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The transport against a real SMTP server: Postfix's smtp-sink. */
@Timeout(60)
class SmtpSinkIT {

    private static final SmtpClientSettings SETTINGS = SmtpClientSettings.defaults("relay.example.org");

    private static SmtpDestination destination(SmtpSink sink) throws Exception {
        return new SmtpDestination("localhost", InetAddress.getByName("127.0.0.1"), sink.port, SETTINGS, false);
    }

    private static MailTransaction message(String recipient, int size) {
        return MailTransaction.of(Optional.of(MailAddress.parse("alice@example.org")),
                List.of(new Recipient(recipient, Set.of(), Optional.empty())), size);
    }

    private static ByteArrayInputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void twoMessagesArriveOverOneConnection(@TempDir Path dir) throws Exception {
        try (SmtpSink sink = SmtpSink.start(dir);
                SmtpConnectionPool pool = new SmtpConnectionPool(PoolSettings.defaults(), TlsContexts.trustingAll())) {
            Recipient bob = new Recipient("bob@example.net", Set.of(DsnNotify.SUCCESS, DsnNotify.FAILURE),
                    Optional.of(new OriginalRecipient("rfc822", "bob@example.net")));
            MailTransaction first = new MailTransaction(Optional.of(MailAddress.parse("alice@example.org")),
                    List.of(bob), 60, BodyType.EIGHT_BIT_MIME, false, Optional.of(DsnReturn.HDRS), Optional.of("env-1"));
            TransactionResult one = pool.deliver(destination(sink), first,
                    body("Subject: one\r\n\r\n.leading dot\r\ncaf\u00e9\r\n.\r\nlast line"));
            TransactionResult two = pool.deliver(destination(sink), message("carol@example.net", 20),
                    body("Subject: two\n\nbare LF lines\n"));
            assertThat(one.recipients()).extracting(RecipientResult::status).containsExactly(DeliveryStatus.DELIVERED);
            assertThat(two.recipients()).extracting(RecipientResult::status).containsExactly(DeliveryStatus.DELIVERED);
            assertThat(one.dsnPassedOn()).isTrue();
            pool.close();
            // smtp-sink counts sessions as they end: one session, one QUIT, two messages.
            sink.awaitCounters("sess=1 quit=1 mesg=2", Duration.ofSeconds(10));

            List<String> messages = sink.messages();
            assertThat(messages).hasSize(2);
            String dumpedOne = messages.stream().filter(m -> m.contains("Subject: one")).findFirst().orElseThrow();
            String dumpedTwo = messages.stream().filter(m -> m.contains("Subject: two")).findFirst().orElseThrow();
            // smtp-sink writes what it received with LF line ends, dots unstuffed, and an empty line after.
            assertThat(dumpedOne).contains("X-Helo-Args: relay.example.org\n",
                    "X-Mail-Args: <alice@example.org> BODY=8BITMIME RET=HDRS ENVID=env-1\n",
                    "X-Rcpt-Args: <bob@example.net> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.net\n");
            assertThat(afterReceived(dumpedOne)).isEqualTo(
                    new String("Subject: one\n\n.leading dot\ncaf\u00e9\n.\nlast line\n\n".getBytes(StandardCharsets.UTF_8),
                            StandardCharsets.ISO_8859_1));
            assertThat(dumpedTwo).contains("X-Rcpt-Args: <carol@example.net>\n");
            assertThat(afterReceived(dumpedTwo)).isEqualTo("Subject: two\n\nbare LF lines\n\n");
        }
    }

    /** The message after smtp-sink's own headers, which end with its three-line Received field. */
    private static String afterReceived(String dump) {
        int received = dump.indexOf("\nReceived: ");
        int end = received;
        for (int line = 0; line < 3; line++) {
            end = dump.indexOf('\n', end + 1);
        }
        return dump.substring(end + 1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "-r | rcpt | TEMPORARY | 450 4.3.0 Error: command failed | RCPT",
        "-f | rcpt | PERMANENT | 500 5.3.0 Error: command failed | RCPT",
        "-r | mail | TEMPORARY | 450 4.3.0 Error: command failed | MAIL",
        "-f | data | PERMANENT | 500 5.3.0 Error: command failed | DATA_INITIATION",
        "-r | . | TEMPORARY | 450 4.3.0 Error: command failed | DATA_TERMINATION",
        "-Q | rcpt | TEMPORARY | 421 4.0.0 Server closing connection | RCPT",
    })
    void refusals(String option, String command, DeliveryStatus status, String reply, Stage stage, @TempDir Path dir)
            throws Exception {
        try (SmtpSink sink = SmtpSink.start(dir, option, command);
                SmtpConnectionPool pool = new SmtpConnectionPool(PoolSettings.defaults(), TlsContexts.trustingAll())) {
            RecipientResult bob = pool.deliver(destination(sink), message("bob@example.net", 10), body("hi\r\n"))
                    .recipients().get(0);
            assertThat(bob.status()).isEqualTo(status);
            assertThat(bob.stage()).isEqualTo(stage);
            assertThat(bob.diagnosis()).isInstanceOfSatisfying(Diagnosis.Remote.class,
                    remote -> assertThat(remote.reply()).hasToString(reply));
        }
    }

    @Test
    void aServerThatHangsUpAfterDataLeavesTheRecipientTemporary(@TempDir Path dir) throws Exception {
        try (SmtpSink sink = SmtpSink.start(dir, "-q", "data");
                SmtpConnectionPool pool = new SmtpConnectionPool(PoolSettings.defaults(), TlsContexts.trustingAll())) {
            RecipientResult bob = pool.deliver(destination(sink), message("bob@example.net", 10), body("hi\r\n"))
                    .recipients().get(0);
            assertThat(bob.status()).isEqualTo(DeliveryStatus.TEMPORARY);
            assertThat(bob.stage()).isEqualTo(Stage.DATA_INITIATION);
            assertThat(bob.enhancedStatus()).isEqualTo("4.4.2");
        }
    }

    @Test
    void plaintextWhenTheServerOffersNoStartTls(@TempDir Path dir) throws Exception {
        try (SmtpSink sink = SmtpSink.start(dir);
                SmtpConnectionPool pool = new SmtpConnectionPool(PoolSettings.defaults(), TlsContexts.trustingAll())) {
            SmtpDestination required = new SmtpDestination("localhost", InetAddress.getByName("127.0.0.1"), sink.port,
                    SETTINGS.withTlsMode(TlsMode.REQUIRED), true);
            RecipientResult bob = pool.deliver(required, message("bob@example.net", 10), body("hi\r\n")).recipients().get(0);
            assertThat(bob.status()).isEqualTo(DeliveryStatus.TEMPORARY);
            assertThat(bob.enhancedStatus()).isEqualTo("4.7.4");
            assertThat(sink.messages()).isEmpty();
        }
    }
}
