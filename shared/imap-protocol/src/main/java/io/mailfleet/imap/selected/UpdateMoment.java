package io.mailfleet.imap.selected;

/**
 * When pending updates are about to be sent, which decides what may go (RFC 3501 §7.4.1 and §5.2, RFC 9051
 * §7.5.1 and §5.5, RFC 7162 §3.2.10 for VANISHED).
 */
public enum UpdateMoment {

    /**
     * Before the tagged response of FETCH, STORE or SEARCH (or SORT and THREAD, which answer with message
     * numbers the same way): EXISTS and flag changes, but no EXPUNGE or VANISHED, since the client may be
     * about to use numbers an expunge would shift. The UID forms of these commands are {@link #UID_COMMAND}.
     */
    KEEP_NUMBERS(false, false),

    /**
     * Before the tagged response of a UID command: everything may go (RFC 9051 §7.5.1: an EXPUNGE response
     * MAY be sent during a UID command), and FETCH responses carry the UID (RFC 3501 §6.4.8).
     */
    UID_COMMAND(true, true),

    /** Before the tagged response of any other command, including NOOP and CHECK, and during IDLE: everything. */
    ANY_COMMAND(true, false);

    private final boolean expunges;
    private final boolean uid;

    UpdateMoment(boolean expunges, boolean uid) {
        this.expunges = expunges;
        this.uid = uid;
    }

    public boolean allowsExpunges() {
        return expunges;
    }

    public boolean fetchCarriesUid() {
        return uid;
    }
}
