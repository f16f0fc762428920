package io.mailfleet.smtp;

import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.event.Listener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Drives a session the way the wiring would, answering decisions with a policy the test chooses. */
final class Harness {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC);
    static final String HOST = "mx.example.net";

    /** Accepts every recipient but {@code unknown@…}, the password "secret", and every message. */
    static final Function<Question, Answer> DEFAULT_POLICY = question -> {
        if (question instanceof Question.CheckRecipient check) {
            return check.address().localPart().equals("unknown")
                    ? new Answer.Rejected(SmtpReply.of(550, "5.1.1", "No such user"))
                    : new Answer.RecipientAccepted();
        }
        if (question instanceof Question.Authenticate auth) {
            return auth.password().equals("secret")
                    ? new Answer.Authenticated(auth.username())
                    : new Answer.AuthenticationFailed();
        }
        return new Answer.Accepted(java.util.Optional.empty());
    };

    final SmtpSession session;
    final List<Effect> all = new ArrayList<>();
    Function<Question, Answer> policy = DEFAULT_POLICY;

    Harness(SmtpSettings settings) {
        session = new SmtpSession(settings, ClientFacts.plain("192.0.2.7", 25), CLOCK,
                new MessageIdGenerator(CLOCK, new Random(42)));
    }

    static Harness mx() {
        return new Harness(SmtpSettings.defaults(HOST, Listener.MX));
    }

    /** A submission session already past EHLO and AUTH over TLS. */
    static Harness submission() {
        Harness h = new Harness(SmtpSettings.defaults(HOST, Listener.SUBMISSION).withTls(true, false));
        h.send("EHLO client.example\r\nAUTH PLAIN " + base64("\0alice@example.net\0secret") + "\r\n");
        return h;
    }

    static String base64(String text) {
        return java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    List<Effect> send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Receives, then answers each decision with the policy, as an eager wiring would. */
    List<Effect> send(byte[] bytes) {
        List<Effect> effects = new ArrayList<>(session.receive(bytes));
        answerAll(effects);
        all.addAll(effects);
        return effects;
    }

    private void answerAll(List<Effect> effects) {
        while (!effects.isEmpty() && effects.get(effects.size() - 1) instanceof Effect.Decide decide) {
            effects.addAll(session.answer(policy.apply(decide.question())));
        }
    }

    /** The reply codes in order. */
    static List<Integer> codes(List<Effect> effects) {
        return effects.stream().filter(Effect.Reply.class::isInstance)
                .map(e -> ((Effect.Reply) e).reply().code()).collect(Collectors.toList());
    }

    /** The replies as written on the wire. */
    static String replies(List<Effect> effects) {
        return effects.stream().filter(Effect.Reply.class::isInstance)
                .map(e -> new String(((Effect.Reply) e).bytes(), StandardCharsets.UTF_8))
                .collect(Collectors.joining());
    }

    /** The last reply's first line, e.g. "250 2.0.0 Ok". */
    static String lastReply(List<Effect> effects) {
        String all = replies(effects);
        String[] lines = all.split("\r\n");
        return lines[lines.length - 1];
    }

    /** All message bytes emitted. */
    static byte[] message(List<Effect> effects) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        effects.stream().filter(Effect.MessageBytes.class::isInstance)
                .forEach(e -> out.writeBytes(((Effect.MessageBytes) e).bytes()));
        return out.toByteArray();
    }

    /** The message bytes after our Received field, as ISO-8859-1 so every octet shows. */
    static String content(List<Effect> effects) {
        int received = of(effects, Effect.MessageStarted.class).get(0).envelope().receivedHeader().length;
        byte[] bytes = message(effects);
        return new String(bytes, received, bytes.length - received, StandardCharsets.ISO_8859_1);
    }

    static <T extends Effect> List<T> of(List<Effect> effects, Class<T> type) {
        return effects.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }
}
