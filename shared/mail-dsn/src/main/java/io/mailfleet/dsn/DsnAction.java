package io.mailfleet.dsn;

/** The RFC 3464 §2.3.3 Action of one recipient: what the reporting MTA did with the message for it. */
public enum DsnAction {
    /** Delivery has been given up. */
    FAILED("failed"),
    /** Not delivered yet, still being retried. */
    DELAYED("delayed"),
    /** Delivered to the recipient's mailbox. */
    DELIVERED("delivered"),
    /** Passed on to a system that sends no DSNs, so no further report will come. */
    RELAYED("relayed"),
    /** Delivered to an alias or list, which passed it on to several addresses. */
    EXPANDED("expanded");

    private final String keyword;

    DsnAction(String keyword) {
        this.keyword = keyword;
    }

    /** The spelling in the Action field. */
    public String keyword() {
        return keyword;
    }

    /**
     * Whether a status of this class fits the action (RFC 3464 §2.3.4). A failure may carry a 4.x.x
     * status: a message that expired in the queue ends with the last temporary reply, or 4.4.7.
     */
    boolean allows(StatusCode status) {
        return switch (this) {
            case FAILED -> status.statusClass() != 2;
            case DELAYED -> status.statusClass() == 4;
            case DELIVERED, RELAYED, EXPANDED -> status.statusClass() == 2;
        };
    }
}
