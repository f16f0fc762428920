package io.mailfleet.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.mailfleet.mime.model.ByteRange;
import io.mailfleet.mime.model.ParsedMessage;

/** Access to the messages under src/test/resources/corpus. */
final class Corpus {

    private Corpus() {
    }

    static byte[] bytes(String file) {
        try (InputStream in = Corpus.class.getResourceAsStream("/corpus/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus file " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ParsedMessage parse(String file) {
        return new MimeParser().parse(bytes(file));
    }

    /** The octets of a range as UTF-8 text. */
    static String slice(byte[] message, ByteRange range) {
        return new String(Arrays.copyOfRange(message, (int) range.start(), (int) range.end()), StandardCharsets.UTF_8);
    }

    /** A message written with \n for line ends, sent with CRLF. */
    static byte[] crlf(String message) {
        return message.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
