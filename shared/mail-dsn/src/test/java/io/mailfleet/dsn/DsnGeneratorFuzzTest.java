package io.mailfleet.dsn;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mailfleet.mime.model.ByteRange;
import io.mailfleet.mime.model.MimePart;
import io.mailfleet.model.event.DsnReturn;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Coverage-guided fuzzing of the DSN writer and its reader of the original (Jazzer), with small limits
 * so that the fuzzer reaches them. An input is two octets of settings, the remote server's reply, and
 * the stored original. Writing never fails, and beyond that: the DSN stays within the limits plus a
 * fixed allowance; read back with our MIME parser it is a multipart/report of three parts, intact;
 * and the part returning the original holds its first octets exactly as stored.
 *
 * <p>{@link #fuzzerTestOneInput} is also the target of Jazzer's command-line driver, for longer runs:
 * {@code bench/fuzz.sh 600 DsnGeneratorFuzzTest} builds the classes and runs, in this module's folder,
 * with the test class path (target/test-classes, target/classes and the test dependencies),
 * {@code java -Xmx256m -cp <test class path> com.code_intelligence.jazzer.Jazzer
 * --target_class=io.mailfleet.dsn.DsnGeneratorFuzzTest -max_total_time=600 <new corpus dir>
 * src/test/resources/io/mailfleet/dsn/DsnGeneratorFuzzTestInputs/originals}.
 */
public class DsnGeneratorFuzzTest {

    private static final DsnLimits LIMITS = new DsnLimits(4096, 1024);
    /** Header, text, status fields and delimiters of a one-recipient DSN, with a diagnostic of 1,000 characters. */
    private static final int ALLOWANCE = 16 * 1024;

    @FuzzTest(maxDuration = "5s")
    void originals(byte[] data) throws IOException {
        fuzzerTestOneInput(data);
    }

    /**
     * Octet 0: bit 0 asks for the whole message (RET=FULL), bit 1 makes the recipient a UTF-8
     * address; octet 1: how many of the following octets are the reply (UTF-8); the rest is the original.
     */
    public static void fuzzerTestOneInput(byte[] data) throws IOException {
        if (data.length < 2) {
            return;
        }
        int replyLength = Math.min(data[1] & 0xFF, data.length - 2);
        String reply = new String(data, 2, replyLength, StandardCharsets.UTF_8);
        byte[] original = Arrays.copyOfRange(data, 2 + replyLength, data.length);
        String recipient = (data[0] & 2) != 0 ? "用户@例子.广告" : "bob@example.net";
        DeliveryReport report = Fixtures.report(
                Optional.of((data[0] & 1) != 0 ? DsnReturn.FULL : DsnReturn.HDRS), failed(recipient, reply));

        ParsedDsn parsed = ParsedDsn.of(new DsnGenerator(LIMITS).generate(report, new ByteArrayInputStream(original)));
        byte[] dsn = parsed.bytes();
        assertThat(dsn.length).isLessThanOrEqualTo(LIMITS.maxReturnedMessageBytes() + ALLOWANCE);
        assertThat(parsed.parsed().truncated()).isFalse();
        assertThat(parsed.contentType()).isEqualTo("multipart/report");
        assertThat(parsed.parsed().body().children()).hasSize(3);
        MimePart returned = parsed.parsed().body().children().get(2);
        byte[] content = slice(dsn, returned.body());
        assertThat(content.length).isLessThanOrEqualTo(original.length);
        assertThat(content).isEqualTo(Arrays.copyOf(original, content.length));
    }

    private static RecipientReport failed(String address, String reply) {
        try {
            return Fixtures.failed(address, reply);
        } catch (IllegalArgumentException blankReply) {
            return Fixtures.failed(address, "550 5.1.1 unknown");
        }
    }

    private static byte[] slice(byte[] bytes, ByteRange range) {
        return Arrays.copyOfRange(bytes, (int) range.start(), (int) range.end());
    }
}
