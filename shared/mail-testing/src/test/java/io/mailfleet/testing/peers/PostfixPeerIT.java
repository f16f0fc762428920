package io.mailfleet.testing.peers;

import io.mailfleet.testing.process.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PostfixPeerIT {

    private static final String ADDRESS = "127.0.0.3";
    private static final String HOSTNAME = "mx.peer.test";

    @TempDir
    static Path dir;
    private static PostfixPeer postfix;

    @BeforeAll
    static void start() {
        postfix = PostfixPeer.start(dir, ADDRESS, Ports.free(), HOSTNAME, "peer.test", Set.of("alice"));
    }

    @AfterAll
    static void stop() {
        if (postfix != null) {
            postfix.close();
        }
    }

    @Test
    void deliversAMessageSentOverStartTlsIntoTheMaildir() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(ADDRESS, postfix.port())) {
            assertThat(smtp.greeting()).startsWith("220 " + HOSTNAME);
            assertThat(smtp.send("EHLO client.test")).contains("250-STARTTLS");
            assertThat(smtp.send("STARTTLS")).startsWith("220 ");
            smtp.startTls(trusting(postfix.certificate()), HOSTNAME);
            assertThat(smtp.send("EHLO client.test")).startsWith("250-" + HOSTNAME).doesNotContain("STARTTLS");
            assertThat(smtp.send("MAIL FROM:<bob@sender.test>")).startsWith("250 ");
            assertThat(smtp.send("RCPT TO:<alice@peer.test>")).startsWith("250 ");
            assertThat(smtp.send("DATA")).startsWith("354 ");
            assertThat(smtp.data("Subject: over TLS\r\n\r\n.hello alice")).startsWith("250 ");
            assertThat(smtp.send("QUIT")).startsWith("221 ");
        }

        List<byte[]> delivered = postfix.awaitDelivered("alice", 1, Duration.ofSeconds(20));
        String message = new String(delivered.get(0), StandardCharsets.UTF_8);
        // The Maildir holds it with LF line ends, unstuffed, below the headers Postfix adds.
        assertThat(message).contains("Delivered-To: alice@peer.test", "with ESMTPS", "Subject: over TLS\n")
                .endsWith("\n\n.hello alice\n");
        assertThat(postfix.awaitLogLine("TLS connection established from", Duration.ofSeconds(10)))
                .hasValueSatisfying(line -> assertThat(line).contains("TLSv1.3"));
    }

    @Test
    void refusesOtherRecipientsAndOtherDomains() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(ADDRESS, postfix.port())) {
            smtp.send("EHLO client.test");
            smtp.send("MAIL FROM:<bob@sender.test>");
            assertThat(smtp.send("RCPT TO:<nobody@peer.test>")).startsWith("550 5.1.1 ");
            assertThat(smtp.send("RCPT TO:<alice@elsewhere.test>")).startsWith("554 5.7.1 ");
        }
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry("peer", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
