package io.mailfleet.model.event;

/**
 * The RCPT TO {@code ORCPT} parameter of RFC 3461 §4.2: the recipient as first given, reported back
 * in DSNs. The address is xtext-decoded and kept as sent, since its syntax depends on {@code addressType}
 * (e.g. {@code rfc822}, or {@code utf-8} per RFC 6533).
 */
public record OriginalRecipient(String addressType, String address) {

    public OriginalRecipient {
        EventChecks.requireNonBlank(addressType, "addressType");
        EventChecks.requireNonBlank(address, "address");
    }
}
