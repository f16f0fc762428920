package io.mailfleet.imap.gateway.fetch;

import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

/**
 * The content transfer encodings BINARY undoes (RFC 3516 §4.2): 7bit, 8bit and binary are sent as
 * stored, base64 and quoted-printable (RFC 2045 §6.7, §6.8) are decoded as they stream, and any other
 * is unknown, which the client is told with {@code [UNKNOWN-CTE]}.
 */
public final class TransferDecoding {

    private TransferDecoding() {
    }

    /** Whether the part is sent as stored. */
    public static boolean identity(String encoding) {
        return switch (encoding.toLowerCase(Locale.ROOT)) {
            case "7bit", "8bit", "binary" -> true;
            default -> false;
        };
    }

    /** The decoded octets of an encoded stream, decoded as they are read; empty for an unknown encoding. */
    public static Optional<InputStream> decoder(String encoding, InputStream encoded) {
        return switch (encoding.toLowerCase(Locale.ROOT)) {
            case "7bit", "8bit", "binary" -> Optional.of(encoded);
            // Stray characters and broken escapes are passed over, as RFC 2045 §6.7 and §6.8 ask of a decoder.
            case "base64" -> Optional.of(new Base64InputStream(encoded, DecodeMonitor.SILENT));
            case "quoted-printable" -> Optional.of(new QuotedPrintableInputStream(encoded, DecodeMonitor.SILENT));
            default -> Optional.empty();
        };
    }

    /** The number of decoded octets, counted while decoding a stream a buffer at a time. */
    public static long decodedSize(InputStream decoded) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        for (int read; (read = decoded.read(buffer)) >= 0; ) {
            size += read;
        }
        return size;
    }
}
