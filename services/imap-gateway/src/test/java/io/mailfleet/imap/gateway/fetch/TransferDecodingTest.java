package io.mailfleet.imap.gateway.fetch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The decodings BINARY applies (RFC 3516 §4.2) to the encodings of RFC 2045 §6. */
class TransferDecodingTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            // RFC 2045 §6.8: 24-bit groups as four characters, "=" padding, line breaks ignored.
            "base64|TWFu|Man",
            "BASE64|TWE=|Ma",
            "base64|'TW\r\nFu\r\n'|Man",
            "base64|'TW!Fu'|Man",
            // RFC 2045 §6.7: "=" and two hex digits, soft line breaks, the rest as it is.
            "quoted-printable|'caf=E9 =3D=\r\n ok'|'caf\u00e9 = ok'",
            "quoted-printable|'a=\r\nb'|ab",
            "quoted-printable|'line one\r\nline two'|'line one\r\nline two'",
            "7bit|'as =3D stored'|'as =3D stored'",
            "8bit|TWFu|TWFu",
            "binary|TWFu|TWFu",
    })
    void decodes(String encoding, String encoded, String decoded) throws Exception {
        byte[] expected = decoded.getBytes(StandardCharsets.ISO_8859_1);
        try (InputStream in = TransferDecoding.decoder(encoding, stream(encoded)).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(expected);
        }
        try (InputStream in = TransferDecoding.decoder(encoding, stream(encoded)).orElseThrow()) {
            assertThat(TransferDecoding.decodedSize(in)).isEqualTo(expected.length);
        }
    }

    @Test
    void onlySevenBitEightBitAndBinaryAreSentAsStored() {
        assertThat(TransferDecoding.identity("7BIT")).isTrue();
        assertThat(TransferDecoding.identity("8bit")).isTrue();
        assertThat(TransferDecoding.identity("binary")).isTrue();
        assertThat(TransferDecoding.identity("base64")).isFalse();
        assertThat(TransferDecoding.identity("quoted-printable")).isFalse();
    }

    @Test
    void anEncodingNotInRfc2045IsUnknown() {
        assertThat(TransferDecoding.decoder("x-uuencode", stream("begin 644 f"))).isEmpty();
        assertThat(TransferDecoding.identity("x-uuencode")).isFalse();
    }

    @Test
    void aLargePartIsCountedWithoutHoldingIt() throws Exception {
        // 3 MiB of base64 decode to 2.25 MiB, read through a 64 KiB buffer.
        InputStream encoded = new InputStream() {
            private long left = 3L << 20;

            @Override
            public int read() {
                return left-- > 0 ? 'A' : -1;
            }
        };
        assertThat(TransferDecoding.decodedSize(TransferDecoding.decoder("base64", encoded).orElseThrow()))
                .isEqualTo((3L << 20) / 4 * 3);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
