package io.mailfleet.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the POP3 server core (Jazzer), driven by the test {@link Harness}: a
 * maildrop of two messages, the password "secret", decisions and delays carried out at once. An
 * input is two octets of settings and then what the client sends. Each run must end without an
 * exception, and beyond that: splitting the bytes anywhere does not change what is written; what is
 * written stays bounded by the input; and the session is never stuck: after the input, a line end,
 * the cancel of a SASL exchange that may be open ({@code *}, RFC 5034 §4) and QUIT close it.
 *
 * <p>{@link #fuzzerTestOneInput} is also the target of Jazzer's command-line driver, for longer runs:
 * {@code bench/fuzz.sh 600 Pop3SessionFuzzTest} builds the classes and runs, in this module's folder,
 * with the test class path (target/test-classes, target/classes and the test dependencies),
 * {@code java -Xmx256m -cp <test class path> com.code_intelligence.jazzer.Jazzer
 * --target_class=io.mailfleet.pop3.Pop3SessionFuzzTest -max_total_time=600 <new corpus dir>
 * src/test/resources/io/mailfleet/pop3/Pop3SessionFuzzTestInputs/dialogues}.
 */
public class Pop3SessionFuzzTest {

    /** More than any one response but a whole message: CAPA, a listing of both messages, an error. */
    private static final int MAX_RESPONSE_OCTETS = 512;

    @FuzzTest(maxDuration = "5s")
    void dialogues(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /**
     * Octet 0: bit 0 chooses implicit TLS (else plaintext with USER/PASS allowed); octet 1: where to
     * split the input; the rest is what the client sends. STARTTLS is not offered, so that input
     * after it is not dropped by design.
     */
    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length < 2) {
            return;
        }
        boolean tls = (data[0] & 1) != 0;
        byte[] input = Arrays.copyOfRange(data, 2, data.length);
        int split = Math.min(data[1] & 0xFF, input.length);

        Harness whole = session(tls);
        whole.send(input);
        Harness parts = session(tls);
        parts.send(Arrays.copyOfRange(input, 0, split));
        parts.send(Arrays.copyOfRange(input, split, input.length));
        assertThat(parts.transcript()).isEqualTo(whole.transcript());
        assertThat(parts.closed).isEqualTo(whole.closed);

        long messages = Harness.twoMessages().values().stream().mapToLong(String::length).sum();
        assertThat((long) whole.wire.size())
                .isLessThanOrEqualTo((input.length + 2L) * (MAX_RESPONSE_OCTETS + messages));

        whole.send("\r\n*\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(whole.session.isClosed()).isTrue();
        assertThat(whole.closed).isTrue();
    }

    private static Harness session(boolean tls) {
        Pop3Settings settings = tls
                ? Pop3Settings.defaults(Harness.HOST).withTls(true, false)
                : Pop3Settings.defaults(Harness.HOST).withPlaintextAuth(true).withTls(false, false);
        Harness h = new Harness(settings, Harness.twoMessages());
        h.greet();
        return h;
    }
}
