package io.mailfleet.imap.selected;

import java.util.Arrays;

/**
 * The message sequence numbers of one session's view of a mailbox: MSN n is the n-th smallest UID
 * (RFC 3501 §2.3.1.2). Held as one sorted array of unsigned 32-bit UIDs, four octets a message (eight at
 * most right after growth): MSN to UID is an index, UID to MSN a binary search, new messages are appended
 * (their UIDs are larger than all before, RFC 3501 §2.3.1.1) and removal of many UIDs is one pass.
 */
public final class MessageMap {

    private int[] uids;
    private int size;

    private MessageMap(int[] uids, int size) {
        this.uids = uids;
        this.size = size;
    }

    /** A map of these UIDs, which must be strictly ascending. */
    public static MessageMap of(long... ascendingUids) {
        MessageMap map = new MessageMap(new int[Math.max(ascendingUids.length, 16)], 0);
        map.appendAll(ascendingUids);
        return map;
    }

    public int size() {
        return size;
    }

    /** The UID of message {@code msn}, 1-based. */
    public long uid(int msn) {
        if (msn < 1 || msn > size) {
            throw new IndexOutOfBoundsException("no message " + msn + " of " + size);
        }
        return Integer.toUnsignedLong(uids[msn - 1]);
    }

    /** The MSN of {@code uid}, or 0 when it is not in the map. */
    public int msn(long uid) {
        int index = lowerBound(uid);
        return index < size && Integer.toUnsignedLong(uids[index]) == uid ? index + 1 : 0;
    }

    /**
     * The MSN of the first message whose UID is {@code uid} or more, {@code size() + 1} when none is: with
     * {@link #lastMsnAtMost} it turns a UID range into an MSN range in O(log n).
     */
    public int firstMsnAtLeast(long uid) {
        return lowerBound(uid) + 1;
    }

    /** The MSN of the last message whose UID is {@code uid} or less, 0 when none is. */
    public int lastMsnAtMost(long uid) {
        return uid >= 0xFFFF_FFFFL ? size : lowerBound(uid + 1);
    }

    /** The largest UID, or 0 when empty. */
    public long lastUid() {
        return size == 0 ? 0 : Integer.toUnsignedLong(uids[size - 1]);
    }

    /** Appends new messages; their UIDs must be ascending and above {@link #lastUid()}. */
    public void appendAll(long... ascendingUids) {
        if (size + ascendingUids.length > uids.length) {
            uids = Arrays.copyOf(uids, Math.max(size + ascendingUids.length, uids.length + (uids.length >> 1)));
        }
        long last = lastUid();
        for (long uid : ascendingUids) {
            if (uid <= last || uid > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("UID " + uid + " does not follow " + last);
            }
            uids[size++] = (int) uid;
            last = uid;
        }
    }

    /**
     * Removes the messages with these UIDs (ascending; UIDs not in the map are skipped) in one pass, and
     * returns the MSNs they had, ascending.
     */
    public int[] removeAll(long[] ascendingUids) {
        int[] removed = new int[ascendingUids.length];
        int removedCount = 0;
        int write = 0;
        int next = 0;
        for (int read = 0; read < size; read++) {
            long uid = Integer.toUnsignedLong(uids[read]);
            while (next < ascendingUids.length && ascendingUids[next] < uid) {
                next++;
            }
            if (next < ascendingUids.length && ascendingUids[next] == uid) {
                removed[removedCount++] = read + 1;
                next++;
            } else {
                uids[write++] = uids[read];
            }
        }
        size = write;
        if (uids.length > 64 && size < uids.length / 4) {
            uids = Arrays.copyOf(uids, Math.max(size * 2, 16));
        }
        return Arrays.copyOf(removed, removedCount);
    }

    /** How many UIDs the array has room for, four octets each: the size bound tests read it. */
    int capacity() {
        return uids.length;
    }

    private int lowerBound(long uid) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (Integer.toUnsignedLong(uids[mid]) < uid) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
