package io.mailfleet.mime;

import io.mailfleet.mime.model.MimePart;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoded size of a base64 part, counted while the message is parsed: for a body every decoder reads alike it
 * is what the decoder BINARY streams with yields, octet for octet; for any other it is unknown.
 */
class Base64SizeTest {

    private final MimeParser parser = new MimeParser();

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 56, 57, 58, 1000, 65_537, 1_572_869})
    void aCleanBodyOfAnySizeIsCountedAsItsDecoderDecodesIt(int size) throws IOException {
        byte[] octets = new byte[size];
        new Random(size).nextBytes(octets);
        byte[] encoded = Base64.getMimeEncoder().encode(octets);

        MimePart single = parser.parse(message(encoded)).body();
        MimePart inMultipart = parser.parse(multipart(encoded)).body().children().get(0);

        assertThat(single.decodedSize()).isEqualTo(size).isEqualTo(decoded(single, message(encoded)).length);
        assertThat(inMultipart.decodedSize()).isEqualTo(size).isEqualTo(decoded(inMultipart, multipart(encoded)).length);
        assertThat(decoded(single, message(encoded))).isEqualTo(octets);
    }

    @Test
    void linesOfAnyLengthUpToWhatTheParserKeepsAreCounted() {
        byte[] octets = new byte[700];
        Arrays.fill(octets, (byte) 7);
        String encoded = Base64.getEncoder().encodeToString(octets);

        assertThat(parser.parse(message(encoded.getBytes(StandardCharsets.US_ASCII))).body().decodedSize()).isEqualTo(700);
    }

    @Test
    void aBodyDecodersMightReadDifferentlyHasNoCountedSize() {
        String[] unclear = {
                "AAEC AwQF",                                    // white space inside a line
                "AAEC*AwQF",                                    // a character outside the alphabet
                "AAECAw==\r\nBAUG",                             // data after the padding
                "AAECAwQ",                                      // a last group cut short
                "AAECA===",                                     // too much padding
                "QUFB".repeat(400),                             // a line longer than the parser keeps whole
        };
        for (String body : unclear) {
            assertThat(parser.parse(message(body.getBytes(StandardCharsets.US_ASCII))).body().decodedSize()).as(body).isNull();
        }
    }

    @Test
    void onlyBase64PartsAreCounted() {
        byte[] message = ("Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\ncaf=C3=A9\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        assertThat(parser.parse(message).body().decodedSize()).isNull();
    }

    private static byte[] message(byte[] encoded) {
        return concat("Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n", encoded, "\r\n");
    }

    private static byte[] multipart(byte[] encoded) {
        return concat("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Transfer-Encoding: BASE64\r\n\r\n",
                encoded, "\r\n--b--\r\n");
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] head = before.getBytes(StandardCharsets.US_ASCII);
        byte[] tail = after.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(head, head.length + middle.length + tail.length);
        System.arraycopy(middle, 0, all, head.length, middle.length);
        System.arraycopy(tail, 0, all, head.length + middle.length, tail.length);
        return all;
    }

    /** The part's body decoded by mime4j's decoder, as BINARY decodes it when it streams the part. */
    private static byte[] decoded(MimePart part, byte[] message) throws IOException {
        byte[] body = Arrays.copyOfRange(message, (int) part.body().start(), (int) part.body().end());
        return new Base64InputStream(new ByteArrayInputStream(body), DecodeMonitor.SILENT).readAllBytes();
    }
}
