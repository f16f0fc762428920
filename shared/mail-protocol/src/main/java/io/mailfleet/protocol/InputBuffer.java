package io.mailfleet.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** The octets a server core has received and not yet consumed. */
public final class InputBuffer {

    private final int initialCapacity;
    private byte[] data;
    private int start;
    private int end;

    /** Each protocol sizes the buffer for the lines it usually receives. */
    public InputBuffer(int initialCapacity) {
        this.initialCapacity = initialCapacity;
        this.data = new byte[initialCapacity];
    }

    public void append(ByteBuffer bytes) {
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

    public int available() {
        return end - start;
    }

    /** The octet at {@code index} from the first unconsumed one. */
    public byte get(int index) {
        return data[start + index];
    }

    /** The index of the first {@code value} among the first {@code limit} octets, or -1. */
    public int indexOf(byte value, int limit) {
        int stop = start + Math.min(limit, available());
        for (int i = start; i < stop; i++) {
            if (data[i] == value) {
                return i - start;
            }
        }
        return -1;
    }

    /** Whether the input begins with this ASCII text, ignoring case. */
    public boolean startsWithIgnoringCase(String ascii) {
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
    public byte[] take(int count) {
        byte[] taken = Arrays.copyOfRange(data, start, start + count);
        skip(count);
        return taken;
    }

    public void skip(int count) {
        if (count > available()) {
            throw new IllegalArgumentException("cannot skip " + count + " of " + available());
        }
        start += count;
        if (start == end) {
            clear();
        }
    }

    /** Drops all input; a buffer grown by a burst (pipelined commands, message content) is given back. */
    public void clear() {
        start = 0;
        end = 0;
        if (data.length > 16 * initialCapacity) {
            data = new byte[initialCapacity];
        }
    }
}
