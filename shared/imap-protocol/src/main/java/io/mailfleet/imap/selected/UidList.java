package io.mailfleet.imap.selected;

import java.util.Arrays;

/** A growing list of UIDs in arrival order, taken out sorted and without repeats; eight octets a UID. */
final class UidList {

    private long[] uids = new long[8];
    private int size;

    void add(long uid) {
        if (size == uids.length) {
            uids = Arrays.copyOf(uids, size * 2);
        }
        uids[size++] = uid;
    }

    void addAll(long[] more) {
        for (long uid : more) {
            add(uid);
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The UIDs, ascending and distinct; the list is empty after. */
    long[] drainSorted() {
        long[] sorted = Arrays.copyOf(uids, size);
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        size = 0;
        if (uids.length > 1024) {
            uids = new long[8];
        }
        return Arrays.copyOf(sorted, distinct);
    }
}
