package io.mailfleet.dsn;

import io.mailfleet.model.address.MailAddress;

/**
 * The second part of a DSN, the machine-readable report of RFC 3464 §2: the per-message fields,
 * then one group of per-recipient fields for each recipient, each group after an empty line.
 * Fields are written in the order of the §2.2 and §2.3 grammar.
 *
 * <p>In a global report (message/global-delivery-status, RFC 6533) UTF-8 addresses are written as
 * they are, with address type {@code utf-8}; a classic report is ASCII throughout.
 */
final class DeliveryStatusFields {

    /** Our extension field (RFC 3464 §2.4) naming the original's queue id, for postmasters. */
    static final String QUEUE_ID_FIELD = "X-Mailfleet-Queue-ID";

    private DeliveryStatusFields() {
    }

    /** The fields with CRLF line ends. */
    static String write(DeliveryReport report, boolean global) {
        StringBuilder out = new StringBuilder();
        // RFC 3461 §4.4 limits ENVID to printable ASCII, so anything else goes back to xtext.
        report.envelopeId().ifPresent(id ->
                out.append(FieldFolder.field("Original-Envelope-Id", FieldText.xtextOutsideText(id, false))));
        out.append(FieldFolder.field("Reporting-MTA", "dns; " + report.reportingMta().ascii()));
        out.append(FieldFolder.field("Arrival-Date", DsnDates.format(report.arrivalDate())));
        out.append(FieldFolder.field(QUEUE_ID_FIELD, report.queueId()));
        for (RecipientReport recipient : report.recipients()) {
            out.append("\r\n");
            writeRecipient(out, recipient, global);
        }
        return out.toString();
    }

    private static void writeRecipient(StringBuilder out, RecipientReport recipient, boolean global) {
        recipient.originalRecipient().ifPresent(orcpt ->
                out.append(FieldFolder.field("Original-Recipient", FieldText.originalRecipient(orcpt, global))));
        out.append(FieldFolder.field("Final-Recipient", typedAddress(recipient.finalRecipient())));
        out.append(FieldFolder.field("Action", recipient.action().keyword()));
        out.append(FieldFolder.field("Status", recipient.status().toString()));
        recipient.remoteMta().ifPresent(host -> out.append(FieldFolder.field("Remote-MTA", "dns; " + host.ascii())));
        recipient.diagnosticCode().ifPresent(diagnostic -> out.append(FieldFolder.field("Diagnostic-Code",
                diagnostic.type() + "; " + (global ? diagnostic.text() : FieldText.asciiOnly(diagnostic.text())))));
        out.append(FieldFolder.field("Last-Attempt-Date", DsnDates.format(recipient.lastAttemptDate())));
        recipient.willRetryUntil().ifPresent(until ->
                out.append(FieldFolder.field("Will-Retry-Until", DsnDates.format(until))));
    }

    /**
     * {@code rfc822; address}, or for a UTF-8 local part {@code utf-8; address} (RFC 6533 §3,
     * the utf-8-address form). Such an address makes the report global, so it never reaches a
     * classic report.
     */
    private static String typedAddress(MailAddress address) {
        return (address.requiresSmtpUtf8() ? "utf-8; " : "rfc822; ") + address;
    }
}
