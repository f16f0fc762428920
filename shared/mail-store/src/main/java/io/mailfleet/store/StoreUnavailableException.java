package io.mailfleet.store;

/**
 * The store could not be reached or did not answer in time. Callers turn this into the
 * protocol's temporary failure (SMTP 4xx, POP3 -ERR [SYS/TEMP], IMAP NO [UNAVAILABLE]), never
 * into a success or a permanent failure.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnavailableException(String message) {
        super(message);
    }
}
