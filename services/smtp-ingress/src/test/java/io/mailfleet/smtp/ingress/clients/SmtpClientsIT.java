package io.mailfleet.smtp.ingress.clients;

import io.mailfleet.model.event.Listener;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.quarkus.config.KafkaSettings;
import io.mailfleet.smtp.ingress.server.Backends;
import io.mailfleet.smtp.ingress.server.SmtpListeners;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.mailfleet.testing.quarkus.SelfSignedTlsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Standard clients against the real listeners, with the body checked in S3 and the event on Kafka. */
@QuarkusTest
@QuarkusTestResource(RealInfrastructureResource.class)
@QuarkusTestResource(value = SelfSignedTlsResource.class, initArgs = @ResourceArg(name = "prefix", value = "mailfleet.smtp"))
class SmtpClientsIT {

    @Inject
    SmtpListeners listeners;

    @Inject
    Backends backends;

    @Inject
    KafkaSettings kafka;

    @BeforeEach
    void seed() {
        Accounts.seed(backends);
    }

    @Test
    void angusMailDeliversThroughTheMxListenerAndTheMessageIsDurable() throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", Integer.toString(listeners.port(Listener.MX)));
        properties.put("mail.smtp.localhost", "client.example.org");
        Session session = Session.getInstance(properties);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("bob@example.org"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("ann@ingress.test"));
        message.setSubject("hello from angus");
        message.setText("A line.\r\n.A line that starts with a dot.\r\n");
        message.saveChanges();

        String queueId;
        try (SMTPTransport transport = (SMTPTransport) session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(message, message.getAllRecipients());
            String response = transport.getLastServerResponse();
            assertThat(response).startsWith("250 2.0.0");
            queueId = response.substring(response.lastIndexOf(' ') + 1).trim();
        }

        MailAccepted event = MailTrail.byQueueId(kafka.bootstrapServers(), queueId).orElseThrow();
        assertThat(event.sender()).contains("bob@example.org");
        assertThat(event.recipients()).extracting(r -> r.address()).containsExactly("ann@ingress.test");
        String stored;
        try (InputStream body = backends.blobs().get(new BlobKey(event.blobKey()))) {
            stored = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
        java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
        message.writeTo(sent);
        String sentText = sent.toString(StandardCharsets.UTF_8);
        assertThat(stored).startsWith("Received: from client.example.org").contains("\r\n.A line that starts with a dot.\r\n");
        String clientBytes = sentText.endsWith("\r\n") ? sentText : sentText + "\r\n";
        assertThat(stored).as("exactly the client's bytes after our trace field").endsWith(clientBytes);
        assertThat(stored.substring(0, stored.length() - clientBytes.length())).as("nothing but the Received field before them")
                .matches("Received: [^\r\n]*(\r\n[ \t][^\r\n]*)*\r\n");
        assertThat(event.size()).isEqualTo(stored.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void pythonSmtplibSeesTheExtensionsAndSendsEightBitAndUtf8Mail() throws Exception {
        String output = Python.run("""
                import smtplib
                s = smtplib.SMTP('127.0.0.1', PORT, local_hostname='client.example.org')
                s.ehlo()
                print('FEATURES', ' '.join(sorted(s.esmtp_features)))
                body = 'From: bob@example.org\\r\\nTo: ann@ingress.test\\r\\nSubject: Gr\\u00fc\\u00dfe\\r\\n\\r\\nGr\\u00fc\\u00dfe aus K\\u00f6ln\\r\\n'
                print('EIGHTBIT', s.sendmail('bob@example.org', ['ann@ingress.test'], body.encode('utf-8'), mail_options=['BODY=8BITMIME']))
                print('UTF8', s.sendmail('j\\u00fcrgen@example.org', ['ann@ingress.test'], body.encode('utf-8'), mail_options=['SMTPUTF8']))
                try:
                    s.sendmail('bob@example.org', ['friend@elsewhere.example'], b'Subject: relay\\r\\n\\r\\nno\\r\\n')
                except smtplib.SMTPRecipientsRefused as e:
                    print('RELAY', e.recipients['friend@elsewhere.example'][0])
                try:
                    s.sendmail('bob@example.org', ['nobody@ingress.test'], b'Subject: unknown\\r\\n\\r\\nno\\r\\n')
                except smtplib.SMTPRecipientsRefused as e:
                    print('UNKNOWN', e.recipients['nobody@ingress.test'][0])
                s.quit()
                """.replace("PORT", Integer.toString(listeners.port(Listener.MX))));

        assertThat(output).contains("FEATURES").contains("pipelining").contains("size").contains("8bitmime")
                .contains("smtputf8").contains("chunking").contains("enhancedstatuscodes").contains("starttls")
                .doesNotContain(" auth");
        assertThat(output).contains("EIGHTBIT {}").contains("UTF8 {}").contains("RELAY 554").contains("UNKNOWN 550");
    }

    @Test
    void pythonSubmitsWithStartTlsAndLoginAndMayThenRelay() throws Exception {
        String output = Python.run("""
                import smtplib, ssl
                s = smtplib.SMTP('127.0.0.1', PORT, local_hostname='laptop.example.org')
                s.ehlo()
                print('BEFORE', 'auth' in s.esmtp_features)
                print('MAIL-BEFORE', s.docmd('MAIL FROM:<ann@ingress.test>')[0])
                context = ssl.create_default_context()
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
                s.starttls(context=context)
                s.ehlo()
                print('AFTER', s.esmtp_features.get('auth'))
                s.login('ann@ingress.test', PASSWORD)
                print('SENT', s.sendmail('ann@ingress.test', ['friend@elsewhere.example'], b'Subject: out\\r\\n\\r\\nhello\\r\\n'))
                s.quit()
                """.replace("PORT", Integer.toString(listeners.port(Listener.SUBMISSION)))
                .replace("PASSWORD", "'" + Accounts.PASSWORD.replace("'", "\\'") + "'"));

        assertThat(output).contains("BEFORE False").contains("MAIL-BEFORE 530").contains("AFTER ")
                .contains("PLAIN").contains("LOGIN").contains("SENT {}");
    }

    @Test
    void curlSendsAFileOverImplicitTls() throws Exception {
        Path message = Files.createTempFile("curl-", ".eml");
        Files.writeString(message, "From: bob@example.org\r\nTo: ann@ingress.test\r\nSubject: curl\r\n\r\nsent by curl\r\n");
        Process curl = new ProcessBuilder("curl", "--silent", "--show-error", "--insecure",
                "smtps://127.0.0.1:" + listeners.port(Listener.SUBMISSIONS), "--mail-from", "ann@ingress.test",
                "--mail-rcpt", "ann@ingress.test", "--user", "ann@ingress.test:" + Accounts.PASSWORD, "--upload-file", message.toString())
                .redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(curl.exitValue()).as(output).isZero();
        Files.delete(message);
    }

    @Test
    void swaksSubmitsWithStartTlsAndAuthLogin() throws Exception {
        Process swaks = new ProcessBuilder("swaks", "--server", "127.0.0.1:" + listeners.port(Listener.SUBMISSION),
                "--ehlo", "swaks.example.org", "--from", "ann@ingress.test", "--to", "ann@ingress.test",
                "--tls", "--auth", "LOGIN", "--auth-user", "ann@ingress.test", "--auth-password", Accounts.PASSWORD,
                "--header", "Subject: from swaks", "--body", "sent by swaks")
                .redirectErrorStream(true).start();
        String transcript = new String(swaks.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(swaks.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(swaks.exitValue()).as(transcript).isZero();
        assertThat(transcript).contains("=== TLS started").contains("<~  235 2.7.0").contains("<~  250 2.0.0 Ok: queued as");
    }
}
