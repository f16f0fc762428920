package io.mailfleet.imap.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mailfleet.imap.wire.ReaderEvent.AppendMessageStart;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of the reader and every command parser (Jazzer). An input is two octets of
 * settings and then client bytes: each run must end without any exception but {@link ImapSyntaxException}
 * inside the parsers, and splitting the bytes anywhere must not change what is read. The seeds are in
 * the resources beside this class; the build fuzzes for {@code maxDuration}.
 *
 * <p>{@link #fuzzerTestOneInput} is also the target of Jazzer's command-line driver, for longer runs:
 * {@code bench/fuzz.sh 600 ImapInputFuzzTest} builds the classes and runs, in this module's folder,
 * with the test class path (target/test-classes, target/classes and the test dependencies),
 * {@code java -Xmx256m -cp <test class path> com.code_intelligence.jazzer.Jazzer
 * --target_class=io.mailfleet.imap.wire.ImapInputFuzzTest -max_total_time=600 <new corpus dir>
 * src/test/resources/io/mailfleet/imap/wire/ImapInputFuzzTestInputs/readerAndParsers}.
 */
public class ImapInputFuzzTest {

    /** Small limits, so that the fuzzer reaches them. */
    private static final ReaderLimits LIMITS = new ReaderLimits(512, 256, 2048, 64, 13);

    @FuzzTest(maxDuration = "5s")
    void readerAndParsers(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /**
     * Octet 0: bit 0 enables UTF-8, bit 1 refuses every synchronizing literal, bit 2 refuses APPEND
     * messages; octet 1: where to split the input; the rest is what the client sends.
     */
    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length < 2) {
            return;
        }
        int settings = data[0];
        byte[] input = Arrays.copyOfRange(data, 2, data.length);
        int split = Math.min(data[1] & 0xFF, input.length);
        List<String> whole = transcript(settings, input);
        assertThat(transcript(settings, input, split)).isEqualTo(whole);
    }

    private static List<String> transcript(int settings, byte[] input, int... splits) {
        Transcript transcript = new Transcript(LIMITS, event -> event instanceof AppendMessageStart
                ? (settings & 4) != 0
                : (settings & 2) != 0);
        if ((settings & 1) != 0) {
            transcript.reader().enableUtf8();
        }
        int start = 0;
        for (int split : splits) {
            transcript.feed(Arrays.copyOfRange(input, start, split));
            start = split;
        }
        transcript.feed(Arrays.copyOfRange(input, start, input.length));
        return transcript.events();
    }
}
