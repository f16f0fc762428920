package io.mailfleet.smtp.client;

/** How a recipient fared with this server. */
public enum DeliveryStatus {
    /** The server took responsibility for the message (2xx after the end of data). */
    DELIVERED,
    /** Try again later: a 4xx, or the session failed (421, lost connection, timeout, protocol error). */
    TEMPORARY,
    /** Will not work: a 5xx, or the server cannot take this message at all. */
    PERMANENT;

    /** The class digit of RFC 3463 status codes: 2, 4 or 5. */
    char statusClass() {
        return switch (this) {
            case DELIVERED -> '2';
            case TEMPORARY -> '4';
            case PERMANENT -> '5';
        };
    }
}
