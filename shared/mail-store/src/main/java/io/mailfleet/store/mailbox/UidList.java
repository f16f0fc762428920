package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.Uid;

import java.util.Arrays;

/**
 * The UIDs of a mailbox's messages in ascending order, held as unsigned 32-bit values (UIDs are
 * below 2^32, RFC 9051 §2.3.1.1): 4 bytes a message, the selected-mailbox map of a session.
 */
public final class UidList {

    private final int[] uids;

    private UidList(int[] uids) {
        this.uids = uids;
    }

    /** Takes the first {@code size} entries of {@code uids}, which must be ascending UIDs. */
    static UidList of(int[] uids, int size) {
        int[] kept = uids.length == size ? uids : Arrays.copyOf(uids, size);
        for (int i = 1; i < size; i++) {
            if (Integer.compareUnsigned(kept[i - 1], kept[i]) >= 0) {
                throw new IllegalArgumentException("UIDs are not ascending at index " + i);
            }
        }
        return new UidList(kept);
    }

    public int size() {
        return uids.length;
    }

    /** The UID of the message at 0-based {@code index} (its message sequence number less one). */
    public Uid get(int index) {
        return Uid.of(Integer.toUnsignedLong(uids[index]));
    }

    /** The 0-based index of {@code uid}, or a negative value when it is not in the list. */
    public int indexOf(Uid uid) {
        int low = 0;
        int high = uids.length - 1;
        int wanted = (int) uid.value();
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int order = Integer.compareUnsigned(uids[middle], wanted);
            if (order < 0) {
                low = middle + 1;
            } else if (order > 0) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -(low + 1);
    }

    /** The bytes this list holds on the heap: the array and its header, the list object itself. */
    public long bytesHeld() {
        return 16 + 4L * uids.length + 16;
    }

    /** A builder that grows its array by half when full, as the pages of a read arrive. */
    public static final class Builder {
        private int[] uids = new int[1024];
        private int size;

        public Builder add(Uid uid) {
            if (size == uids.length) {
                uids = Arrays.copyOf(uids, uids.length + (uids.length >> 1));
            }
            uids[size++] = (int) uid.value();
            return this;
        }

        public UidList build() {
            return UidList.of(uids, size);
        }
    }
}
