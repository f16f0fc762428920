package io.mailfleet.smtp;

import io.mailfleet.model.event.DsnNotify;
import io.mailfleet.model.event.OriginalRecipient;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The RCPT TO parameters of DSN (RFC 3461 §4.1, §4.2), checked. */
record RcptParameters(Set<DsnNotify> dsnNotify, Optional<OriginalRecipient> originalRecipient) {

    /** RFC 3461 §4.2: the ORCPT parameter is at most 500 characters. */
    private static final int MAX_ORCPT = 500;

    static RcptParameters parse(Map<String, String> parameters) throws ReplyException {
        Set<DsnNotify> notify = EnumSet.noneOf(DsnNotify.class);
        Optional<OriginalRecipient> original = Optional.empty();
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String value = parameter.getValue();
            switch (parameter.getKey()) {
                case "NOTIFY" -> notify = notify(value);
                case "ORCPT" -> original = Optional.of(originalRecipient(value));
                default -> throw MailParameters.unknown();
            }
        }
        return new RcptParameters(notify, original);
    }

    private static Set<DsnNotify> notify(String value) throws ReplyException {
        MailParameters.requireValue(value, "NOTIFY");
        Set<DsnNotify> notify = EnumSet.noneOf(DsnNotify.class);
        for (String item : value.split(",", -1)) {
            try {
                notify.add(DsnNotify.valueOf(item.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw PathArgument.syntax("NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY");
            }
        }
        if (notify.contains(DsnNotify.NEVER) && notify.size() > 1) {
            throw PathArgument.syntax("NOTIFY=NEVER cannot be combined");
        }
        return notify;
    }

    /** {@code addr-type ";" xtext}. */
    private static OriginalRecipient originalRecipient(String value) throws ReplyException {
        MailParameters.requireValue(value, "ORCPT");
        int semicolon = value.indexOf(';');
        if (value.length() > MAX_ORCPT || semicolon < 1 || semicolon == value.length() - 1
                || !value.substring(0, semicolon).matches("[A-Za-z0-9][A-Za-z0-9-]*")) {
            throw PathArgument.syntax("ORCPT must be addr-type;address");
        }
        try {
            String address = Xtext.decode(value.substring(semicolon + 1));
            if (address.isBlank()) {
                throw PathArgument.syntax("ORCPT address is empty");
            }
            return new OriginalRecipient(value.substring(0, semicolon), address);
        } catch (IllegalArgumentException e) {
            throw PathArgument.syntax("ORCPT address is not valid xtext");
        }
    }
}
