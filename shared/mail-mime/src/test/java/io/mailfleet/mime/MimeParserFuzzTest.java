package io.mailfleet.mime;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mailfleet.mime.imap.ImapRenderer;
import io.mailfleet.mime.model.ByteRange;
import io.mailfleet.mime.model.MimePart;
import io.mailfleet.mime.model.ParsedMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the MIME parser (Jazzer), with small limits so that the fuzzer reaches
 * them. An input is one octet of settings and then the message. Parsing never fails, and beyond
 * that: the size is the input's; every section lies within the message, a part's header before its
 * body, and a child within its parent's body; nesting stays within the depth limit; the same
 * message read a few octets at a time parses the same; and the IMAP renderings stay bounded by the input.
 *
 * <p>{@link #fuzzerTestOneInput} is also the target of Jazzer's command-line driver, for longer runs:
 * {@code bench/fuzz.sh 600 MimeParserFuzzTest} builds the classes and runs, in this module's folder,
 * with the test class path (target/test-classes, target/classes and the test dependencies),
 * {@code java -Xmx256m -cp <test class path> com.code_intelligence.jazzer.Jazzer
 * --target_class=io.mailfleet.mime.MimeParserFuzzTest -max_total_time=600 <new corpus dir>
 * src/test/resources/io/mailfleet/mime/MimeParserFuzzTestInputs/messages}.
 */
public class MimeParserFuzzTest {

    private static final MimeLimits LIMITS = new MimeLimits(256, 2048, 6, 24);
    /** A part's structure renders to a few hundred octets; a part takes at least a delimiter line. */
    private static final int RENDERED_PER_INPUT_OCTET = 128;

    @FuzzTest(maxDuration = "5s")
    void messages(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /** Octet 0: how many octets a read of the stream returns at most (1 to 16); the rest is the message. */
    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length < 1) {
            return;
        }
        int readSize = (data[0] & 0x0F) + 1;
        byte[] message = Arrays.copyOfRange(data, 1, data.length);
        MimeParser parser = new MimeParser(LIMITS);

        ParsedMessage parsed = parser.parse(message);
        assertThat(parsed.size()).isEqualTo(message.length);
        checkPart(parsed.body(), new ByteRange(0, message.length), 0);
        assertThat(parseInPieces(parser, message, readSize)).isEqualTo(parsed);

        long bound = (long) RENDERED_PER_INPUT_OCTET * (message.length + 8);
        assertThat((long) ImapRenderer.bodyStructure(parsed.body()).length()).isLessThanOrEqualTo(bound);
        assertThat((long) ImapRenderer.envelope(parsed.envelope()).length()).isLessThanOrEqualTo(bound);
    }

    private static void checkPart(MimePart part, ByteRange within, int depth) {
        assertThat(depth).isLessThanOrEqualTo(LIMITS.maxDepth());
        assertWithin(part.mime(), within);
        assertWithin(part.body(), within);
        assertThat(part.mime().end()).isLessThanOrEqualTo(part.body().start());
        for (MimePart child : part.children()) {
            checkPart(child, part.body(), depth + 1);
        }
        if (part.message() != null) {
            checkPart(part.message().body(), part.body(), depth + 1);
        }
    }

    private static void assertWithin(ByteRange range, ByteRange within) {
        assertThat(range.start()).isGreaterThanOrEqualTo(within.start());
        assertThat(range.end()).isLessThanOrEqualTo(within.end());
    }

    private static ParsedMessage parseInPieces(MimeParser parser, byte[] message, int readSize) {
        InputStream trickle = new ByteArrayInputStream(message) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, readSize));
            }
        };
        try {
            return parser.parse(trickle);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }
}
