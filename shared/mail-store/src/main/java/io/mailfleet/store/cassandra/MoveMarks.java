package io.mailfleet.store.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;

/**
 * What a mailbox's static columns say of the moves out of it (migration 022): whether every intent of one is
 * marked there ({@code moves_marked}), and whether one is ({@code moves_pending}). Intents need reading only when
 * one is marked, or when not every one is: the write that records an intent marks it in the same mutation, and
 * the write that removes it takes the mark out, so no intent a crash left can be unmarked in a mailbox whose
 * intents are all marked.
 *
 * @param known   whether a read said it; an open that did not read the columns knows nothing
 * @param marked  whether every intent is marked
 * @param pending whether one is
 */
record MoveMarks(boolean known, boolean marked, boolean pending) {

    /** The columns {@link #of} reads, for a read of the state that brings the marks with it. */
    static final String COLUMNS = "moves_pending, moves_marked";

    /** Nothing read: the intents may be there, unmarked. */
    static final MoveMarks UNKNOWN = new MoveMarks(false, false, true);

    /** The marks in the static columns of {@code row}, a row of a read that selected {@link #COLUMNS}. */
    static MoveMarks of(Row row) {
        boolean marked = !row.isNull("moves_marked") && row.getBoolean("moves_marked");
        // An empty set is stored as no cell: null.
        boolean pending = !row.isNull("moves_pending");
        return new MoveMarks(true, marked, pending);
    }

    /** Whether an intent may be there: one is marked, or not every one is. */
    boolean intentsMayBeThere() {
        return pending || !marked;
    }
}
