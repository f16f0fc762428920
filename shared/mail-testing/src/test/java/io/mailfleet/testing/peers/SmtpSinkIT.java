package io.mailfleet.testing.peers;

import io.mailfleet.testing.process.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SmtpSinkIT {

    /** Another loopback address than the client's, as a remote host would be. */
    private static final String ADDRESS = "127.0.0.2";

    @TempDir
    Path dir;

    @Test
    void takesAMessageAndKeepsItAsItCrossedTheWire() throws Exception {
        try (SmtpSink sink = SmtpSink.start(dir, ADDRESS, Ports.free(), SmtpSink.Behaviour.accepting());
             SmtpDialogue smtp = SmtpDialogue.connect(ADDRESS, sink.port())) {
            assertThat(smtp.greeting()).startsWith("220 ");
            assertThat(smtp.send("EHLO client.test")).startsWith("250-").contains("ENHANCEDSTATUSCODES");
            assertThat(smtp.send("MAIL FROM:<a@sender.test> SIZE=100")).startsWith("250 ");
            assertThat(smtp.send("RCPT TO:<b@peer.test>")).startsWith("250 ");
            assertThat(smtp.send("RCPT TO:<c@peer.test>")).startsWith("250 ");
            assertThat(smtp.send("DATA")).startsWith("354 ");
            String message = "Subject: hello\r\n\r\n.a line that starts with a dot\r\nbye";
            assertThat(smtp.data(message)).startsWith("250 ");
            assertThat(smtp.send("QUIT")).startsWith("221 ");

            List<SinkMessage> received = sink.received();
            assertThat(received).hasSize(1);
            SinkMessage taken = received.get(0);
            assertThat(taken.clientAddress()).isEqualTo("127.0.0.1");
            assertThat(taken.heloArgs()).isEqualTo(Optional.of("client.test"));
            assertThat(taken.mailArgs()).isEqualTo("<a@sender.test> SIZE=100");
            assertThat(taken.rcptArgs()).containsExactly("<b@peer.test>", "<c@peer.test>");
            assertThat(taken.content()).isEqualTo((message + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void answers451AndThen250OnTheSamePortAfterARestart() throws Exception {
        SmtpSink.Behaviour deferring = SmtpSink.Behaviour.accepting().softRejecting("RCPT", "451 4.3.0 try again later");
        try (SmtpSink sink = SmtpSink.start(dir, ADDRESS, Ports.free(), deferring)) {
            try (SmtpDialogue smtp = SmtpDialogue.connect(ADDRESS, sink.port())) {
                smtp.send("EHLO client.test");
                smtp.send("MAIL FROM:<a@sender.test>");
                assertThat(smtp.send("RCPT TO:<b@peer.test>")).isEqualTo("451 4.3.0 try again later");
            }
            sink.restart(SmtpSink.Behaviour.accepting());
            try (SmtpDialogue smtp = SmtpDialogue.connect(ADDRESS, sink.port())) {
                smtp.send("EHLO client.test");
                smtp.send("MAIL FROM:<a@sender.test>");
                assertThat(smtp.send("RCPT TO:<b@peer.test>")).startsWith("250 ");
                assertThat(smtp.send("DATA")).startsWith("354 ");
                assertThat(smtp.data("Subject: second try\r\n\r\nhello")).startsWith("250 ");
            }
            assertThat(sink.received()).hasSize(1);
        }
    }

    @Test
    void rejectsTheEndOfDataHardThenHangsUpAfterMailOnceRestarted() throws Exception {
        SmtpSink.Behaviour refusing = SmtpSink.Behaviour.accepting().hardRejecting(".", "554 5.7.1 message refused");
        try (SmtpSink sink = SmtpSink.start(dir, ADDRESS, Ports.free(), refusing)) {
            try (SmtpDialogue smtp = SmtpDialogue.connect(ADDRESS, sink.port())) {
                smtp.send("EHLO client.test");
                smtp.send("MAIL FROM:<a@sender.test>");
                smtp.send("RCPT TO:<b@peer.test>");
                assertThat(smtp.send("DATA")).startsWith("354 ");
                assertThat(smtp.data("Subject: refused\r\n\r\nhello")).isEqualTo("554 5.7.1 message refused");
            }
            sink.restart(SmtpSink.Behaviour.accepting().hangingUpAfter("MAIL"));
            try (SmtpDialogue smtp = SmtpDialogue.connect(ADDRESS, sink.port())) {
                smtp.send("EHLO client.test");
                assertThat(smtp.hangsUpAfter("MAIL FROM:<a@sender.test>")).isTrue();
            }
        }
    }

    @Test
    void countsSessionsQuitsAndMessagesUntilARestart() throws Exception {
        try (SmtpSink sink = SmtpSink.start(dir, ADDRESS, Ports.free(), SmtpSink.Behaviour.accepting())) {
            // Waiting for smtp-sink to listen did not open a session of its own.
            assertThat(sink.counters()).isEqualTo(new SinkCounters(0, 0, 0, 0));
            try (SmtpDialogue smtp = SmtpDialogue.connect(ADDRESS, sink.port())) {
                smtp.send("EHLO client.test");
                assertThat(sink.counters()).isEqualTo(new SinkCounters(1, 0, 0, 0));
                assertThat(sink.counters().idle()).isFalse();
                for (String subject : List.of("first", "second")) {
                    smtp.send("MAIL FROM:<a@sender.test>");
                    smtp.send("RCPT TO:<b@peer.test>");
                    assertThat(smtp.send("DATA")).startsWith("354 ");
                    assertThat(smtp.data("Subject: " + subject + "\r\n\r\nhello")).startsWith("250 ");
                }
                assertThat(smtp.send("QUIT")).startsWith("221 ");
            }
            try (SmtpDialogue smtp = SmtpDialogue.connect(ADDRESS, sink.port())) {
                smtp.send("EHLO client.test");
            }
            // Two sessions, one of them ended by QUIT, two messages; every session accepted has ended.
            assertThat(sink.awaitIdle(Duration.ofSeconds(10))).isEqualTo(new SinkCounters(2, 2, 1, 2));
            assertThat(sink.received()).hasSize(2);

            sink.restart(SmtpSink.Behaviour.accepting().closingWith421After("RCPT"));
            assertThat(sink.counters()).isEqualTo(new SinkCounters(0, 0, 0, 0));
            try (SmtpDialogue smtp = SmtpDialogue.connect(ADDRESS, sink.port())) {
                smtp.send("EHLO client.test");
                smtp.send("MAIL FROM:<a@sender.test>");
                assertThat(smtp.send("RCPT TO:<b@peer.test>")).isEqualTo("421 4.0.0 Server closing connection");
                // smtp-sink ended the session while this client still holds its end open.
                assertThat(sink.awaitIdle(Duration.ofSeconds(10))).isEqualTo(new SinkCounters(1, 1, 0, 0));
            }
        }
    }
}
