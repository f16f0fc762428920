package io.mailfleet.smtp.ingress.accept;

import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.ClientDigest;
import io.mailfleet.model.event.Listener;
import io.mailfleet.smtp.Answer;
import io.mailfleet.smtp.ClientFacts;
import io.mailfleet.smtp.Effect;
import io.mailfleet.smtp.Envelope;
import io.mailfleet.smtp.Question;
import io.mailfleet.smtp.SmtpSession;
import io.mailfleet.smtp.SmtpSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client digest smtp-ingress computes from the octets as the session hands them out is the one
 * delivery computes from the stored body, and it covers exactly the client's octets: for DATA, for
 * BDAT with and without a final CRLF, and on submission with and without the Date and Message-ID
 * ingress adds.
 */
class PassingBodyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T16:00:00Z"), ZoneOffset.UTC);
    private static final String SENDER = "ann@remote.example";

    /**
     * {@code clientSends} is the message as the client's octets (DATA dot-stuffing aside);
     * {@code digested} is what the digest covers after the sender and NUL, with {@code DATE} standing
     * for the Date field ingress adds. \r\n is written as "\r\n" in the table.
     */
    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource(delimiterString = "|", value = {
            "MX         | DATA         | From: a@b.example\\r\\n\\r\\nhello\\r\\n                      | From: a@b.example\\r\\n\\r\\nhello\\r\\n",
            "MX         | DATA         | no header at all\\r\\n.leading dot\\r\\n                      | no header at all\\r\\n.leading dot\\r\\n",
            "MX         | BDAT         | From: a@b.example\\r\\n\\r\\nhello\\r\\n                      | From: a@b.example\\r\\n\\r\\nhello\\r\\n",
            "MX         | BDAT         | From: a@b.example\\r\\n\\r\\nno final line end              | From: a@b.example\\r\\n\\r\\nno final line end\\r\\n",
            "SUBMISSION | DATA         | From: ann@remote.example\\r\\n\\r\\nhi\\r\\n                  | From: ann@remote.example\\r\\n\\r\\nhi\\r\\n",
            "SUBMISSION | BDAT         | From: ann@remote.example\\r\\n\\r\\nhi                        | From: ann@remote.example\\r\\n\\r\\nhi\\r\\n",
            "SUBMISSION | DATA         | Date: Fri, 4 Dec 2026 10:00:00 +0000\\r\\n\\r\\nhi\\r\\n      | Date: Fri, 4 Dec 2026 10:00:00 +0000\\r\\n\\r\\nhi\\r\\n",
            "SUBMISSION | DATA         | Message-ID: <1@remote.example>\\r\\n\\r\\nhi\\r\\n            | DATE Message-ID: <1@remote.example>\\r\\n\\r\\nhi\\r\\n",
            "SUBMISSION | DATA         | Date: Fri, 4 Dec 2026 10:00:00 +0000\\r\\nMessage-ID: <1@r.example>\\r\\n\\r\\nhi\\r\\n | Date: Fri, 4 Dec 2026 10:00:00 +0000\\r\\nMessage-ID: <1@r.example>\\r\\n\\r\\nhi\\r\\n",
    })
    void theDigestAtIngressIsTheStoredBodysAndCoversTheClientsOctets(Listener listener, String command, String clientSends,
                                                                      String digested) throws IOException {
        Transaction transaction = send(listener, command, crlf(clientSends));

        String expected = crlf(digested).replace("DATE ", "Date: Sat, 5 Dec 2026 16:00:00 +0000\r\n");
        assertThat(transaction.atIngress).contains(hex(sha256(SENDER + "\0" + expected)));
        assertThat(transaction.atIngress).as("what delivery computes from the stored body")
                .contains(ClientDigest.hex(ClientDigest.of(transaction.queueId, SENDER,
                        new ByteArrayInputStream(transaction.stored)).orElseThrow()));
    }

    /** The stored body and the digest ingress computed of it, as MessageAcceptor.Upload feeds both. */
    private record Transaction(String queueId, byte[] stored, Optional<String> atIngress) {
    }

    private static Transaction send(Listener listener, String command, String content) {
        SmtpSettings settings = SmtpSettings.defaults("mx.local.test", listener).withTls(listener != Listener.MX, false);
        SmtpSession session = new SmtpSession(settings, ClientFacts.plain("192.0.2.7", 25), CLOCK,
                new MessageIdGenerator(CLOCK, new Random(7)));
        List<Effect> effects = new ArrayList<>(session.greeting());
        StringBuilder dialogue = new StringBuilder("EHLO client.example\r\n");
        if (listener != Listener.MX) {
            dialogue.append("AUTH PLAIN ").append(Base64.getEncoder().encodeToString(
                    ("\0" + SENDER + "\0secret").getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        dialogue.append("MAIL FROM:<" + SENDER + ">\r\nRCPT TO:<bob@local.test>\r\n");
        if (command.equals("DATA")) {
            // The client's dot-stuffing (RFC 5321 §4.5.2), which the server undoes before storing.
            String stuffed = (content.startsWith(".") ? "." : "") + content.replace("\r\n.", "\r\n..");
            dialogue.append("DATA\r\n").append(stuffed).append(content.endsWith("\r\n") ? "" : "\r\n").append(".\r\n");
        } else {
            dialogue.append("BDAT ").append(content.getBytes(StandardCharsets.UTF_8).length).append(" LAST\r\n").append(content);
        }
        effects.addAll(answered(session, session.receive(dialogue.toString().getBytes(StandardCharsets.UTF_8))));

        Envelope envelope = effects.stream().filter(Effect.MessageStarted.class::isInstance)
                .map(effect -> ((Effect.MessageStarted) effect).envelope()).findFirst().orElseThrow();
        PassingBody passing = new PassingBody(envelope.queueId(), envelope.reversePath().map(MailAddress::toString).orElse(""));
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        for (Effect effect : effects) {
            if (effect instanceof Effect.MessageBytes bytes) {
                passing.add(bytes.bytes());
                stored.writeBytes(bytes.bytes());
            }
        }
        if (passing.lastLineOpen()) {
            passing.add("\r\n".getBytes(StandardCharsets.US_ASCII));
            stored.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return new Transaction(envelope.queueId(), stored.toByteArray(), passing.clientDigest());
    }

    /** Answers each decision as smtp-ingress would when all is well: the recipient, the password, the message. */
    private static List<Effect> answered(SmtpSession session, List<Effect> effects) {
        List<Effect> all = new ArrayList<>(effects);
        while (!all.isEmpty() && all.get(all.size() - 1) instanceof Effect.Decide decide) {
            Question question = decide.question();
            Answer answer = question instanceof Question.CheckRecipient ? new Answer.RecipientAccepted()
                    : question instanceof Question.Authenticate auth ? new Answer.Authenticated(auth.username())
                    : new Answer.Accepted(Optional.of("queued"));
            all.addAll(session.answer(answer));
        }
        return all;
    }

    private static String crlf(String text) {
        return text.replace("\\r\\n", "\r\n");
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
