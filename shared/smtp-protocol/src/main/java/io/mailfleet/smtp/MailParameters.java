package io.mailfleet.smtp;

import io.mailfleet.model.event.BodyType;
import io.mailfleet.model.event.DsnReturn;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The MAIL FROM parameters this server offers, checked. */
record MailParameters(OptionalLong size, BodyType body, boolean smtpUtf8, Optional<DsnReturn> dsnReturn,
        Optional<String> envelopeId) {

    /** RFC 3461 §4.4. */
    private static final int MAX_ENVID = 100;

    /** @param authOffered whether AUTH was advertised, which makes the AUTH= parameter legal (RFC 4954 §5) */
    static MailParameters parse(Map<String, String> parameters, boolean authOffered) throws ReplyException {
        OptionalLong size = OptionalLong.empty();
        BodyType body = BodyType.SEVEN_BIT;
        boolean smtpUtf8 = false;
        Optional<DsnReturn> dsnReturn = Optional.empty();
        Optional<String> envelopeId = Optional.empty();
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String value = parameter.getValue();
            switch (parameter.getKey()) {
                case "SIZE" -> size = OptionalLong.of(size(value));
                case "BODY" -> body = body(value);
                case "SMTPUTF8" -> {
                    if (value != null) {
                        throw PathArgument.syntax("SMTPUTF8 takes no value");
                    }
                    smtpUtf8 = true;
                }
                case "RET" -> dsnReturn = Optional.of(dsnReturn(value));
                case "ENVID" -> envelopeId = Optional.of(envelopeId(value));
                case "AUTH" -> {
                    if (!authOffered) {
                        throw unknown();
                    }
                    // RFC 4954 §5: accepted, and not trusted: the identity is the session's own.
                    requireValue(value, "AUTH");
                }
                default -> throw unknown();
            }
        }
        return new MailParameters(size, body, smtpUtf8, dsnReturn, envelopeId);
    }

    /** RFC 1870: a decimal count of octets; one too large to represent is certainly too large to accept. */
    private static long size(String value) throws ReplyException {
        requireValue(value, "SIZE");
        if (!value.matches("[0-9]+")) {
            throw PathArgument.syntax("SIZE must be a number");
        }
        return value.length() > 18 ? Long.MAX_VALUE : Long.parseLong(value);
    }

    private static BodyType body(String value) throws ReplyException {
        requireValue(value, "BODY");
        try {
            return BodyType.fromKeyword(value);
        } catch (IllegalArgumentException e) {
            throw PathArgument.syntax("BODY must be 7BIT, 8BITMIME or BINARYMIME");
        }
    }

    private static DsnReturn dsnReturn(String value) throws ReplyException {
        requireValue(value, "RET");
        return switch (value.toUpperCase(Locale.ROOT)) {
            case "FULL" -> DsnReturn.FULL;
            case "HDRS" -> DsnReturn.HDRS;
            default -> throw PathArgument.syntax("RET must be FULL or HDRS");
        };
    }

    private static String envelopeId(String value) throws ReplyException {
        requireValue(value, "ENVID");
        try {
            String decoded = Xtext.decode(value);
            if (decoded.length() > MAX_ENVID || decoded.isBlank()) {
                throw PathArgument.syntax("ENVID must be 1 to 100 characters");
            }
            return decoded;
        } catch (IllegalArgumentException e) {
            throw PathArgument.syntax("ENVID is not valid xtext");
        }
    }

    static void requireValue(String value, String keyword) throws ReplyException {
        if (value == null) {
            throw PathArgument.syntax(keyword + " needs a value");
        }
    }

    static ReplyException unknown() {
        return new ReplyException(555, "5.5.4", "Unsupported parameter");
    }
}
