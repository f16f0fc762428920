package io.mailfleet.smtp;

import java.util.Arrays;

/** The octets received and not yet consumed, compacted as they are consumed. */
final class InputBuffer {

    private byte[] data = new byte[4096];
    private int start;
    private int end;

    void append(byte[] bytes, int offset, int length) {
        if (end + length > data.length) {
            int size = end - start;
            if (size + length > data.length) {
                data = Arrays.copyOfRange(data, start, start + Math.max(data.length * 2, size + length));
            } else {
                System.arraycopy(data, start, data, 0, size);
            }
            start = 0;
            end = size;
        }
        System.arraycopy(bytes, offset, data, end, length);
        end += length;
    }

    int available() {
        return end - start;
    }

    /** The octet at {@code index} from the first unconsumed one. */
    byte get(int index) {
        return data[start + index];
    }

    /** The index of the first {@code value} among the first {@code limit} octets, or -1. */
    int indexOf(byte value, int limit) {
        int stop = start + Math.min(limit, available());
        for (int i = start; i < stop; i++) {
            if (data[i] == value) {
                return i - start;
            }
        }
        return -1;
    }

    /** Removes and returns the first {@code count} octets. */
    byte[] take(int count) {
        byte[] taken = Arrays.copyOfRange(data, start, start + count);
        skip(count);
        return taken;
    }

    void skip(int count) {
        if (count > available()) {
            throw new IllegalArgumentException("cannot skip " + count + " of " + available());
        }
        start += count;
        if (start == end) {
            clear();
        }
    }

    /** Drops all input; a large buffer grown by a burst is released. */
    void clear() {
        start = 0;
        end = 0;
        if (data.length > 64 * 1024) {
            data = new byte[4096];
        }
    }
}
