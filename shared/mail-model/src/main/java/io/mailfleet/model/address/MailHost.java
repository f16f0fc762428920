package io.mailfleet.model.address;

/** The part of a mailbox after the {@code @}: RFC 5321 {@code Domain / address-literal}. */
public sealed interface MailHost permits Domain, AddressLiteral {

    /** The form used for routing, storage and comparison: A-labels, or the bracketed literal. */
    String ascii();

    /** The form shown to people: U-labels for an internationalised domain, else {@link #ascii()}. */
    String unicode();
}
