package io.mailfleet.smtp.client;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one transaction: one result per recipient, in the transaction's order.
 *
 * @param recipients one per recipient of the transaction
 * @param retry whether the wiring should try again at once, and how
 * @param dsnPassedOn whether the server offered DSN, so NOTIFY, ORCPT, RET and ENVID went with
 *     the message; when not, RFC 3461 §4.1 has the relay issue "relayed" DSNs for NOTIFY=SUCCESS
 */
public record TransactionResult(List<RecipientResult> recipients, Retry retry, boolean dsnPassedOn) {

    public TransactionResult {
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(retry, "retry");
    }

    /** What the wiring may do at once about a failure, before the relay's own retry schedule. */
    public enum Retry {
        /** Nothing: the results stand. */
        NONE,
        /**
         * The TLS handshake failed in {@link TlsMode#OPPORTUNISTIC} mode: connect again and send
         * in plaintext, as RFC 7435 §3 allows. Every recipient is {@link DeliveryStatus#TEMPORARY}.
         */
        WITHOUT_TLS,
        /**
         * A connection kept from an earlier transaction was closed by the server before it took
         * this one (421 or end of stream before the reply to MAIL FROM): nothing of it was
         * accepted, so it can go again at once on a new connection. Every recipient is
         * {@link DeliveryStatus#TEMPORARY}.
         */
        ON_NEW_CONNECTION
    }
}
