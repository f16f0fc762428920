package io.mailfleet.mime.model;

/**
 * A half-open range {@code [start, end)} of octet offsets into the stored message, as needed for a
 * ranged read of the blob.
 */
public record ByteRange(long start, long end) {

    public ByteRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("invalid range [" + start + ", " + end + ")");
        }
    }

    public long length() {
        return end - start;
    }
}
