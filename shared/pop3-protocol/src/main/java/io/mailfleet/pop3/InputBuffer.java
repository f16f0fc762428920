package io.mailfleet.pop3;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** The octets received and not yet consumed. */
final class InputBuffer {

    private static final int INITIAL_CAPACITY = 1024;

    private byte[] data = new byte[INITIAL_CAPACITY];
    private int start;
    private int end;

    void append(ByteBuffer bytes) {
        int length = bytes.remaining();
        if (end + length > data.length) {
            // Move the unconsumed octets to the front, and grow only if that is not room enough.
            int size = available();
            byte[] target = size + length > data.length ? new byte[Math.max(data.length * 2, size + length)] : data;
            System.arraycopy(data, start, target, 0, size);
            data = target;
            start = 0;
            end = size;
        }
        bytes.get(data, end, length);
        end += length;
    }

    int available() {
        return end - start;
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

    /** Whether the input begins with this ASCII text, ignoring case. */
    boolean startsWithIgnoringCase(String ascii) {
        if (available() < ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (Character.toUpperCase(data[start + i]) != Character.toUpperCase(ascii.charAt(i))) {
                return false;
            }
        }
        return true;
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

    /** Drops all input; a buffer grown by a burst of pipelined commands is given back. */
    void clear() {
        start = 0;
        end = 0;
        if (data.length > 16 * INITIAL_CAPACITY) {
            data = new byte[INITIAL_CAPACITY];
        }
    }
}
