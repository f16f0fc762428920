package io.mailfleet.pop3;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Drives a session the way the wiring would: writes responses to a wire, streams messages through the
 * encoder in small chunks, lets delays elapse at once, and answers decisions with a policy the test chooses.
 */
final class Harness {

    static final String HOST = "pop.example.net";
    /** Small, so that every message is streamed in several chunks split at arbitrary points. */
    static final int CHUNK_SIZE = 7;
    static final String ID_1 = "whqtswO00WBw418f9t5JxYwZ";
    static final String ID_2 = "QhdPYR:00WBw1Ph7x7";
    static final String MESSAGE_1 = "From: a@example.net\r\nSubject: one\r\n\r\nHello\r\n.\r\n.dot\r\n";
    static final String MESSAGE_2 = "From: b@example.net\r\n\r\nSecond";

    final Pop3Session session;
    final Map<String, String> contents;
    /** Everything the server wrote, as ISO-8859-1 so that every octet shows. */
    final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    final List<Question> asked = new ArrayList<>();
    final List<Duration> delays = new ArrayList<>();
    Function<Question, Answer> policy = this::defaultAnswer;
    boolean tlsRequested;
    boolean closed;

    Harness(Pop3Settings settings, Map<String, String> contents) {
        this.session = new Pop3Session(settings);
        this.contents = contents;
    }

    /** Implicit TLS, and the two messages above in the maildrop. */
    static Harness tls() {
        return new Harness(Pop3Settings.defaults(HOST).withTls(true, false), twoMessages());
    }

    /** Already past USER and PASS over implicit TLS. */
    static Harness transaction() {
        Harness h = tls();
        h.send("USER alice\r\nPASS secret\r\n");
        return h;
    }

    static Map<String, String> twoMessages() {
        Map<String, String> contents = new LinkedHashMap<>();
        contents.put(ID_1, MESSAGE_1);
        contents.put(ID_2, MESSAGE_2);
        return contents;
    }

    /**
     * The password is "secret" for any name an account could have (as the gateway's account lookup,
     * a name that is blank or holds control characters is nobody's); the maildrop opens; messages are
     * sent in full; deletions are committed.
     */
    private Answer defaultAnswer(Question question) {
        if (question instanceof Question.Authenticate auth) {
            boolean accountName = !auth.username().isBlank() && auth.username().chars().noneMatch(c -> c < 0x20 || c == 0x7F);
            return accountName && auth.password().equals("secret") ? new Answer.Authenticated(auth.username()) : new Answer.Rejected();
        }
        if (question instanceof Question.OpenMaildrop) {
            return new Answer.Opened(contents.entrySet().stream()
                    .map(e -> new MaildropMessage(e.getKey(), e.getValue().length()))
                    .collect(Collectors.toList()));
        }
        if (question instanceof Question.SendMessage send) {
            stream(send);
            return new Answer.Transferred();
        }
        return new Answer.Committed();
    }

    /** What the wiring does for SendMessage: the +OK once the content is open, then its octets through the encoder, in chunks. */
    void stream(Question.SendMessage send) {
        byte[] stored = contents.get(send.message().uniqueId()).getBytes(StandardCharsets.ISO_8859_1);
        wire.writeBytes(send.okLine());
        MultilineEncoder encoder = send.encoder();
        for (int at = 0; at < stored.length && encoder.wantsMore(); at += CHUNK_SIZE) {
            wire.writeBytes(encoder.encode(stored, at, Math.min(CHUNK_SIZE, stored.length - at)));
        }
        wire.writeBytes(encoder.finish());
    }

    String greet() {
        return run(session.greeting());
    }

    /** Receives, carries out the effects, and returns what was written meanwhile. */
    String send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    String send(byte[] bytes) {
        return run(session.receive(bytes));
    }

    /** Carries out effects in order, with the effects of answers and delays after them. */
    String run(List<Effect> effects) {
        int before = wire.size();
        Deque<Effect> queue = new ArrayDeque<>(effects);
        while (!queue.isEmpty()) {
            Effect effect = queue.removeFirst();
            if (effect instanceof Effect.Reply reply) {
                wire.writeBytes(reply.bytes());
            } else if (effect instanceof Effect.StartTls) {
                tlsRequested = true;
            } else if (effect instanceof Effect.Close) {
                closed = true;
            } else if (effect instanceof Effect.Delay delay) {
                delays.add(delay.duration());
                queue.addAll(session.delayElapsed());
            } else if (effect instanceof Effect.Decide decide) {
                asked.add(decide.question());
                queue.addAll(session.answer(policy.apply(decide.question())));
            }
        }
        return written(before);
    }

    String written(int from) {
        byte[] all = wire.toByteArray();
        return new String(Arrays.copyOfRange(all, from, all.length), StandardCharsets.ISO_8859_1);
    }

    String transcript() {
        return written(0);
    }

    <T extends Question> List<T> asked(Class<T> type) {
        return asked.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    /** The responses among these effects, as written. */
    static String replies(List<Effect> effects) {
        return effects.stream().filter(Effect.Reply.class::isInstance)
                .map(e -> new String(((Effect.Reply) e).bytes(), StandardCharsets.UTF_8))
                .collect(Collectors.joining());
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code \r}, {@code \n} written as escapes in test tables. */
    static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n");
    }
}
