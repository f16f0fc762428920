package io.mailfleet.imap.gateway.server;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class KeptOctetsTest {

    @ParameterizedTest(name = "{0} octets sent, {1} announced, read {2} at a time: kept {3}")
    @CsvSource({
            "11, 11, 4, true",
            "11, 11, 1, true",
            "11, 11, 64, true",
            // More octets than announced, or fewer: what passed is not the literal.
            "12, 11, 4, false",
            "10, 11, 4, false",
            // Nothing to keep: an empty literal, or one too large to be kept (announced as 0).
            "0, 0, 4, false",
            "11, 0, 4, false",
    })
    void keepsTheLiteralOnlyWhenExactlyItsAnnouncedOctetsPassed(int sent, int announced, int chunk, boolean kept)
            throws IOException {
        byte[] octets = "Subject: hi\r\n\r\nbody".substring(0, sent).getBytes(StandardCharsets.US_ASCII);
        KeptOctets stream = new KeptOctets(new ByteArrayInputStream(octets), announced);

        byte[] passed = chunk == 1 ? readByteByByte(stream) : readAll(stream, chunk);

        assertThat(passed).as("the upload reads the octets unchanged").isEqualTo(octets);
        assertThat(stream.literal().isPresent()).isEqualTo(kept);
        stream.literal().ifPresent(literal -> assertThat(literal).isEqualTo(octets));
    }

    private static byte[] readAll(InputStream stream, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[chunk];
        for (int read; (read = stream.read(buffer, 0, chunk)) >= 0; ) {
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    private static byte[] readByteByByte(InputStream stream) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int octet; (octet = stream.read()) >= 0; ) {
            out.write(octet);
        }
        return out.toByteArray();
    }
}
