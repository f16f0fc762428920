package io.mailfleet.model.event;

import io.mailfleet.model.address.MailAddress;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One accepted RCPT TO with its DSN parameters.
 *
 * @param address the canonical recipient address
 * @param dsnNotify the NOTIFY values (not named {@code notify}, which {@link Object} takes); empty
 *     when the client sent none, so the default of RFC 3461 §4.1 (failures, and delays at our
 *     discretion) applies
 * @param originalRecipient the ORCPT parameter, if sent
 */
public record Recipient(String address, Set<DsnNotify> dsnNotify, Optional<OriginalRecipient> originalRecipient) {

    public Recipient {
        address = MailAddress.parse(Objects.requireNonNull(address, "address"), true).toString();
        dsnNotify = checkedNotify(dsnNotify);
        Objects.requireNonNull(originalRecipient, "originalRecipient");
    }

    /** Copies into an enum set so that JSON lists the values in one fixed order. */
    private static Set<DsnNotify> checkedNotify(Set<DsnNotify> notify) {
        Objects.requireNonNull(notify, "notify");
        EnumSet<DsnNotify> copy = EnumSet.noneOf(DsnNotify.class);
        copy.addAll(notify);
        if (copy.contains(DsnNotify.NEVER) && copy.size() > 1) {
            throw new IllegalArgumentException("NOTIFY=NEVER cannot be combined with other values");
        }
        return Collections.unmodifiableSet(copy);
    }

    public MailAddress toAddress() {
        return MailAddress.parse(address, true);
    }
}
