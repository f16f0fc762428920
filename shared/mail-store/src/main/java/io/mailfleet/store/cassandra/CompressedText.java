package io.mailfleet.store.cassandra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** Text as stored in a blob column: UTF-8 in the zlib format (RFC 1950: deflate with a checksum), a third or less of its size for prose. */
final class CompressedText {

    private CompressedText() {
    }

    static ByteBuffer compress(String text) {
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return ByteBuffer.wrap(out.toByteArray());
        } finally {
            deflater.end();
        }
    }

    static String decompress(ByteBuffer stored) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stored.duplicate());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int inflated = inflater.inflate(buffer);
                if (inflated == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new UncheckedIOException(new IOException("a stored search text is cut short"));
                }
                out.write(buffer, 0, inflated);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new UncheckedIOException(new IOException("a stored search text is not zlib data", e));
        } finally {
            inflater.end();
        }
    }
}
