package io.mailfleet.dsn;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads from the stored original only what a DSN returns: the header section, or the whole
 * message up to the size limit. The stream is not closed.
 */
final class OriginalReader {

    // Large enough that a typical header section takes one or two reads from the blob store.
    private static final int CHUNK = 16 * 1024;

    private final DsnLimits limits;

    OriginalReader(DsnLimits limits) {
        this.limits = limits;
    }

    ReturnedOriginal read(InputStream original, boolean wholeWanted) throws IOException {
        if (wholeWanted) {
            byte[] message = original.readNBytes(limits.maxReturnedMessageBytes() + 1);
            if (message.length <= limits.maxReturnedMessageBytes()) {
                int end = HeaderSection.end(message, message.length);
                return new ReturnedOriginal(message, true, end < 0 ? message.length : end, false, false);
            }
            return headerOnly(message, message.length, false, true);
        }
        return readHeader(original);
    }

    /** Reads until the empty line after the header section, end of input, or the header limit. */
    private ReturnedOriginal readHeader(InputStream original) throws IOException {
        // Two octets past the limit show whether an empty line starts right at it.
        int wanted = limits.maxReturnedHeaderBytes() + 2;
        byte[] buffer = new byte[Math.min(CHUNK, wanted)];
        int length = 0;
        boolean endOfInput = false;
        int scanned = 0;
        // Streams may return a few octets per read, so each round scans only what is new.
        while (!endOfInput && length < wanted && HeaderSection.end(buffer, scanned - 1, length) < 0) {
            scanned = length;
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, wanted));
            }
            int read = original.read(buffer, length, buffer.length - length);
            endOfInput = read < 0;
            length += Math.max(read, 0);
        }
        return headerOnly(buffer, length, endOfInput, false);
    }

    private ReturnedOriginal headerOnly(byte[] message, int length, boolean endOfInput, boolean tooLarge) {
        int max = limits.maxReturnedHeaderBytes();
        int end = HeaderSection.end(message, length);
        boolean fits = end >= 0 ? end <= max : endOfInput && length <= max;
        int cut = fits ? (end >= 0 ? end : length) : HeaderSection.wholeFieldsWithin(message, length, max);
        return new ReturnedOriginal(Arrays.copyOf(message, cut), false, cut, tooLarge, !fits);
    }
}
