package io.mailfleet.imap.session;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives a session as the wiring would: writes go to one transcript, questions go to a {@link FakeStore}
 * and their answers straight back, body sections are streamed from it.
 */
final class Harness {

    final ImapSession session;
    final FakeStore store;
    final List<Question> questions = new ArrayList<>();
    final ByteArrayOutputStream appended = new ByteArrayOutputStream();
    private final ByteArrayOutputStream transcript = new ByteArrayOutputStream();
    boolean tlsRequested;
    boolean closed;
    boolean compressionStarted;

    Harness(ImapSettings settings, FakeStore store) {
        this.session = new ImapSession(settings);
        this.store = store;
    }

    static ImapSettings plaintextAllowed() {
        ImapSettings defaults = ImapSettings.defaults("imap.example.test");
        return new ImapSettings(defaults.hostName(), false, true, true, defaults.maxBadCommands(),
                defaults.maxBufferedInput(), defaults.limits());
    }

    String greet() {
        run(session.greeting());
        return take();
    }

    /** Sends client text and returns everything the server wrote in response. */
    String send(String client) {
        run(session.receive(client.getBytes(StandardCharsets.UTF_8)));
        return take();
    }

    void feed(byte[] client) {
        run(session.receive(client));
    }

    void tlsDone() {
        tlsRequested = false;
        run(session.tlsStarted());
    }

    String updatesArrived() {
        run(session.updatesArrived());
        return take();
    }

    String take() {
        String text = transcript.toString(StandardCharsets.UTF_8);
        transcript.reset();
        return text;
    }

    void run(List<Effect> effects) {
        for (Effect effect : effects) {
            if (effect instanceof Effect.Write write) {
                transcript.writeBytes(write.bytes());
            } else if (effect instanceof Effect.SendBody body) {
                transcript.writeBytes(store.body(body.uid(), body.section()));
            } else if (effect instanceof Effect.Ask ask) {
                questions.add(ask.question());
                run(session.answer(store.answer(ask.question())));
            } else if (effect instanceof Effect.AppendData data) {
                appended.writeBytes(data.octets());
            } else if (effect instanceof Effect.StartTls) {
                tlsRequested = true;
            } else if (effect instanceof Effect.StartCompression) {
                compressionStarted = true;
            } else if (effect instanceof Effect.Close) {
                closed = true;
            }
        }
    }
}
