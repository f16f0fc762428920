package io.mailfleet.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.event.Listener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Coverage-guided fuzzing of the SMTP server core (Jazzer). An input is two octets of settings and
 * then what the client sends. Each run must end without an exception, and beyond that:
 * splitting the bytes anywhere does not change what the session does; replies and stored octets
 * stay bounded by the input; every started message ends exactly once, completed or aborted, and
 * only a completed one is offered for acceptance; and the session is never stuck: after the input
 * an end of data and QUIT close it (with one more QUIT when a BDAT chunk took the first), unless a
 * BDAT chunk is still being read, which the timeout closes.
 *
 * <p>{@link #fuzzerTestOneInput} is also the target of Jazzer's command-line driver, for longer runs:
 * {@code bench/fuzz.sh 600 SmtpSessionFuzzTest} builds the classes and runs, in this module's folder,
 * with the test class path (target/test-classes, target/classes and the test dependencies),
 * {@code java -Xmx256m -cp <test class path> com.code_intelligence.jazzer.Jazzer
 * --target_class=io.mailfleet.smtp.SmtpSessionFuzzTest -max_total_time=600 <new corpus dir>
 * src/test/resources/io/mailfleet/smtp/SmtpSessionFuzzTestInputs/dialogues}.
 */
public class SmtpSessionFuzzTest {

    private static final byte[] TAIL = "\r\n.\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] QUIT = "QUIT\r\n".getBytes(StandardCharsets.US_ASCII);
    /** Our Received field, and Message-ID and Date added on submission, are at most this long. */
    private static final int ADDED_HEADER_OCTETS = 4096;

    @FuzzTest(maxDuration = "5s")
    void dialogues(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /**
     * Octet 0: bit 0 chooses the submission listener (else MX), bit 1 refuses every message at the
     * end of data; octet 1: where to split the input; the rest is what the client sends. TLS is
     * active from the start, so that input after a STARTTLS is not dropped by design.
     */
    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length < 2) {
            return;
        }
        int settings = data[0];
        byte[] input = Arrays.copyOfRange(data, 2, data.length);
        int split = Math.min(data[1] & 0xFF, input.length);

        Run whole = new Run(settings);
        whole.send(input);
        Run parts = new Run(settings);
        parts.send(Arrays.copyOfRange(input, 0, split));
        parts.send(Arrays.copyOfRange(input, split, input.length));
        assertThat(parts.transcript).isEqualTo(whole.transcript);

        assertThat(whole.replies).isLessThanOrEqualTo(input.length + 2);
        assertThat(whole.messageOctets).isLessThanOrEqualTo(input.length + (long) whole.started * ADDED_HEADER_OCTETS);

        whole.send(TAIL);
        if (!whole.session.isClosed() && whole.session.timeout() != SmtpTimeout.DATA_BLOCK) {
            // A BDAT chunk, even a refused one, may have taken the first octets of the tail as content.
            whole.send(QUIT);
        }
        if (!whole.session.isClosed()) {
            assertThat(whole.session.timeout()).isEqualTo(SmtpTimeout.DATA_BLOCK);
            whole.apply(whole.session.timedOut());
            assertThat(whole.session.isClosed()).isTrue();
        }
    }

    /** One session with an eager wiring, recording what it does as comparable text. */
    private static final class Run {
        final SmtpSession session;
        final boolean refuseMessages;
        final List<String> transcript = new ArrayList<>();
        final ByteArrayOutputStream message = new ByteArrayOutputStream();
        boolean messageOpen;
        boolean completed;
        int replies;
        int started;
        long messageOctets;

        Run(int settings) {
            Listener listener = (settings & 1) != 0 ? Listener.SUBMISSION : Listener.MX;
            session = new SmtpSession(SmtpSettings.defaults(Harness.HOST, listener).withTls(true, false),
                    ClientFacts.plain("192.0.2.7", 25), Harness.CLOCK, new MessageIdGenerator(Harness.CLOCK, new Random(42)));
            refuseMessages = (settings & 2) != 0;
            apply(session.greeting());
        }

        void send(byte[] bytes) {
            apply(session.receive(bytes));
        }

        void apply(List<Effect> effects) {
            List<Effect> queue = new ArrayList<>(effects);
            for (int i = 0; i < queue.size(); i++) {
                Effect effect = queue.get(i);
                record(effect);
                if (effect instanceof Effect.Decide decide) {
                    queue.addAll(session.answer(answer(decide.question())));
                }
            }
        }

        private Answer answer(Question question) {
            if (question instanceof Question.AcceptMessage) {
                assertThat(completed).as("acceptance asked only for a completed message").isTrue();
                completed = false;
                if (refuseMessages) {
                    return new Answer.Rejected(SmtpReply.of(554, "5.7.1", "Refused"));
                }
            }
            return Harness.DEFAULT_POLICY.apply(question);
        }

        private void record(Effect effect) {
            if (effect instanceof Effect.Reply reply) {
                replies++;
                transcript.add(new String(reply.bytes(), StandardCharsets.ISO_8859_1));
            } else if (effect instanceof Effect.MessageStarted) {
                assertThat(messageOpen).as("a message starts only after the last one ended").isFalse();
                messageOpen = true;
                started++;
                transcript.add("started");
            } else if (effect instanceof Effect.MessageBytes bytes) {
                assertThat(messageOpen).isTrue();
                message.writeBytes(bytes.bytes());
                messageOctets += bytes.bytes().length;
            } else if (effect instanceof Effect.MessageComplete || effect instanceof Effect.MessageAborted) {
                assertThat(messageOpen).as("only a started message ends").isTrue();
                messageOpen = false;
                completed = effect instanceof Effect.MessageComplete;
                // A completed message's octets are compared whole: how they are cut into pieces depends
                // on the reads. An aborted message's are not compared: how much of it streamed before
                // the octet that aborted it depends on the reads too (a BDAT chunk split before a bare
                // CR streams its clean start; read at once, the chunk is refused before any of it),
                // and the acceptor stores none of it.
                if (completed) {
                    transcript.add(message.toString(StandardCharsets.ISO_8859_1));
                }
                transcript.add(effect.toString());
                message.reset();
            } else if (effect instanceof Effect.Decide decide) {
                transcript.add(decide.question().getClass().getSimpleName());
            } else {
                transcript.add(effect.toString());
            }
        }
    }
}
