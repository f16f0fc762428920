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
import io.mailfleet.testing.peers.SinkCounters;
import io.mailfleet.testing.peers.SinkMessage;
import io.mailfleet.testing.peers.SmtpSink;
import io.mailfleet.testing.peers.SmtpSink.Behaviour;
import io.mailfleet.testing.process.Ports;
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

    private static SmtpSink start(Path dir, Behaviour behaviour) {
        return SmtpSink.start(dir, "127.0.0.1", Ports.free(), behaviour);
    }

    private static SmtpDestination destination(SmtpSink sink) throws Exception {
        return new SmtpDestination("localhost", InetAddress.getByName(sink.address()), sink.port(), SETTINGS, false);
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
        try (SmtpSink sink = start(dir, Behaviour.accepting());
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
            // Once every session it accepted has ended: one session, ended by QUIT, carried both messages.
            assertThat(sink.awaitIdle(Duration.ofSeconds(10))).isEqualTo(new SinkCounters(1, 1, 1, 2));

            List<SinkMessage> messages = sink.received();
            assertThat(messages).hasSize(2);
            SinkMessage dumpedOne = messages.stream().filter(m -> m.contentAsString().startsWith("Subject: one\r\n"))
                    .findFirst().orElseThrow();
            SinkMessage dumpedTwo = messages.stream().filter(m -> m.contentAsString().startsWith("Subject: two\r\n"))
                    .findFirst().orElseThrow();
            assertThat(dumpedOne.heloArgs()).contains("relay.example.org");
            assertThat(dumpedOne.mailArgs()).isEqualTo("<alice@example.org> BODY=8BITMIME RET=HDRS ENVID=env-1");
            assertThat(dumpedOne.rcptArgs())
                    .containsExactly("<bob@example.net> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.net");
            // smtp-sink keeps the lines as they crossed the wire, dots unstuffed; SinkMessage ends each with CRLF.
            assertThat(dumpedOne.content()).isEqualTo(
                    "Subject: one\r\n\r\n.leading dot\r\ncaf\u00e9\r\n.\r\nlast line\r\n".getBytes(StandardCharsets.UTF_8));
            assertThat(dumpedTwo.heloArgs()).contains("relay.example.org");
            assertThat(dumpedTwo.mailArgs()).isEqualTo("<alice@example.org>");
            assertThat(dumpedTwo.rcptArgs()).containsExactly("<carol@example.net>");
            assertThat(dumpedTwo.content()).isEqualTo("Subject: two\r\n\r\nbare LF lines\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** How the sink refuses a command: as smtp-sink's -r, -f and -Q options do. */
    enum Refusal {
        SOFT, HARD, CLOSING_WITH_421;

        Behaviour refusing(String command) {
            Behaviour accepting = Behaviour.accepting();
            return switch (this) {
                // smtp-sink's own replies: 450 4.3.0 and 500 5.3.0 "Error: command failed".
                case SOFT -> accepting.softRejecting(command, accepting.softReply());
                case HARD -> accepting.hardRejecting(command, accepting.hardReply());
                case CLOSING_WITH_421 -> accepting.closingWith421After(command);
            };
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "SOFT             | rcpt | TEMPORARY | 450 4.3.0 Error: command failed      | RCPT",
        "HARD             | rcpt | PERMANENT | 500 5.3.0 Error: command failed      | RCPT",
        "SOFT             | mail | TEMPORARY | 450 4.3.0 Error: command failed      | MAIL",
        "HARD             | data | PERMANENT | 500 5.3.0 Error: command failed      | DATA_INITIATION",
        "SOFT             | .    | TEMPORARY | 450 4.3.0 Error: command failed      | DATA_TERMINATION",
        "CLOSING_WITH_421 | rcpt | TEMPORARY | 421 4.0.0 Server closing connection | RCPT",
    })
    void refusals(Refusal refusal, String command, DeliveryStatus status, String reply, Stage stage, @TempDir Path dir)
            throws Exception {
        try (SmtpSink sink = start(dir, refusal.refusing(command));
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
        try (SmtpSink sink = start(dir, Behaviour.accepting().hangingUpAfter("data"));
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
        try (SmtpSink sink = start(dir, Behaviour.accepting());
                SmtpConnectionPool pool = new SmtpConnectionPool(PoolSettings.defaults(), TlsContexts.trustingAll())) {
            SmtpDestination required = new SmtpDestination("localhost", InetAddress.getByName(sink.address()),
                    sink.port(), SETTINGS.withTlsMode(TlsMode.REQUIRED), true);
            RecipientResult bob = pool.deliver(required, message("bob@example.net", 10), body("hi\r\n")).recipients().get(0);
            assertThat(bob.status()).isEqualTo(DeliveryStatus.TEMPORARY);
            assertThat(bob.enhancedStatus()).isEqualTo("4.7.4");
            assertThat(sink.received()).isEmpty();
        }
    }
}
