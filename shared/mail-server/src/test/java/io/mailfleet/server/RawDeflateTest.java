package io.mailfleet.server;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Raw DEFLATE as RFC 4978 uses it, checked against the JDK's zlib on the client's side. */
class RawDeflateTest {

    private final RawDeflate server = new RawDeflate();

    @Test
    void eachWriteCanBeInflatedWholeAsSoonAsItArrives() throws Exception {
        Inflater client = new Inflater(true);
        for (String reply : List.of("* OK first\r\n", "* 1 FETCH (FLAGS (\\Seen))\r\n", "A1 OK done\r\n")) {
            client.setInput(server.deflate(reply.getBytes(StandardCharsets.US_ASCII)));
            byte[] out = new byte[1024];
            int length = client.inflate(out);
            assertThat(new String(out, 0, length, StandardCharsets.US_ASCII)).isEqualTo(reply);
            assertThat(client.needsInput()).as("nothing of the reply held back").isTrue();
        }
    }

    @Test
    void aWriteLargerThanTheBufferIsCompressedWhole() throws Exception {
        byte[] large = new byte[1 << 20];
        new java.util.Random(7).nextBytes(large);
        Inflater client = new Inflater(true);
        client.setInput(server.deflate(large));
        ByteArrayOutputStream inflated = new ByteArrayOutputStream();
        byte[] out = new byte[8192];
        while (!client.needsInput()) {
            inflated.write(out, 0, client.inflate(out));
        }
        assertThat(inflated.toByteArray()).isEqualTo(large);
    }

    @Test
    void whatTheClientSendsIsInflatedInBoundedChunks() throws Exception {
        // 16 MiB of one octet compress to about 16 KiB: one read must not become one 16 MiB array.
        Deflater client = new Deflater(Deflater.BEST_COMPRESSION, true);
        client.setInput(new byte[16 << 20]);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] out = new byte[8192];
        int written;
        do {
            written = client.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
            compressed.write(out, 0, written);
        } while (written == out.length);
        assertThat(compressed.size()).isLessThan(64 * 1024);

        List<Integer> chunks = new ArrayList<>();
        server.inflate(compressed.toByteArray(), chunk -> chunks.add(chunk.length));

        assertThat(chunks).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(RawDeflate.CHUNK));
        assertThat(chunks.stream().mapToLong(Integer::longValue).sum()).isEqualTo(16 << 20);
    }

    @Test
    void inputSplitAnywhereIsInflatedInOrder() throws Exception {
        Deflater client = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        byte[] command = "A1 UID FETCH 1:* (FLAGS BODY.PEEK[HEADER])\r\n".repeat(50).getBytes(StandardCharsets.US_ASCII);
        client.setInput(command);
        byte[] compressed = new byte[8192];
        int length = client.deflate(compressed, 0, compressed.length, Deflater.SYNC_FLUSH);

        ByteArrayOutputStream inflated = new ByteArrayOutputStream();
        for (int i = 0; i < length; i++) {
            server.inflate(new byte[] {compressed[i]}, inflated::writeBytes);
        }
        assertThat(inflated.toByteArray()).isEqualTo(command);
    }

    @Test
    void octetsThatAreNotDeflateFail() {
        assertThatThrownBy(() -> server.inflate("A1 NOOP\r\n".getBytes(StandardCharsets.US_ASCII), chunk -> { }))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aClientThatEndsItsStreamFails() {
        Deflater client = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        client.setInput("A1 LOGOUT\r\n".getBytes(StandardCharsets.US_ASCII));
        client.finish();
        byte[] compressed = new byte[256];
        int length = client.deflate(compressed);
        List<byte[]> received = new ArrayList<>();

        assertThatThrownBy(() -> server.inflate(java.util.Arrays.copyOf(compressed, length), received::add))
                .isInstanceOf(IOException.class);
        assertThat(received).extracting(bytes -> new String(bytes, StandardCharsets.US_ASCII)).containsExactly("A1 LOGOUT\r\n");
    }
}
