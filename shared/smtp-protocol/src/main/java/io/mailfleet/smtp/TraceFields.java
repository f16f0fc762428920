package io.mailfleet.smtp;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** The header fields the server writes: the Received trace field and the values added on submission. */
final class TraceFields {

    /** RFC 5322 §3.3 date-time with a numeric zone; English names, whatever the default locale. */
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private TraceFields() {
    }

    static String dateTime(Clock clock) {
        return DATE_TIME.format(ZonedDateTime.now(clock));
    }

    /**
     * The WITH protocol of RFC 3848 (ESMTP, ESMTPA, ESMTPS, ESMTPSA), its UTF8SMTP forms of RFC 6531
     * §3.7.3 when the transaction uses SMTPUTF8, and plain SMTP after HELO.
     */
    static String protocol(boolean esmtp, boolean smtpUtf8, boolean tls, boolean authenticated) {
        if (!esmtp) {
            return "SMTP";
        }
        return (smtpUtf8 ? "UTF8SMTP" : "ESMTP") + (tls ? "S" : "") + (authenticated ? "A" : "");
    }

    /**
     * The Received field of RFC 5321 §4.4: {@code from} the HELO name with the client's address
     * literal as TCP-info, {@code by} our name, {@code with} the protocol, {@code id} the queue id,
     * {@code for} the recipient when there is exactly one (more would disclose Bcc recipients), and
     * the date, folded over several lines.
     */
    static byte[] received(String helo, String remoteIp, String hostName, String protocol, String queueId,
            Optional<String> onlyRecipient, String dateTime) {
        StringBuilder field = new StringBuilder("Received: from ").append(helo)
                .append(" (").append(addressLiteral(remoteIp)).append(")\r\n")
                .append("\tby ").append(hostName).append(" with ").append(protocol).append(" id ").append(queueId);
        onlyRecipient.ifPresent(recipient -> field.append("\r\n\tfor <").append(recipient).append('>'));
        field.append(";\r\n\t").append(dateTime).append("\r\n");
        return field.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 5321 §4.1.3: {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}. */
    static String addressLiteral(String ip) {
        return ip.indexOf(':') >= 0 ? "[IPv6:" + ip + "]" : "[" + ip + "]";
    }
}
