package io.mailfleet.model.address;

/**
 * A mailbox, path, domain or address literal that breaks RFC 5321 (or RFC 6531 when UTF-8 is allowed).
 *
 * <p>Unchecked on purpose: addresses read back from our own events and tables are valid by
 * construction, so only the protocol layers that parse untrusted input need to catch it, and they
 * turn the message into their own error reply.
 */
public final class InvalidAddressException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidAddressException(String message) {
        super(message);
    }
}
