package io.mailfleet.dsn;

import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.DsnReturn;
import io.mailfleet.model.event.OriginalRecipient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reports and originals the tests build on: one failed recipient unless a test says otherwise. */
final class Fixtures {

    static final Domain REPORTING_MTA = Domain.parse("mx.example.test");
    static final String QUEUE_ID = "01HTB8ZJ6Q7N3W5XKQ2M4R8V9C";
    static final Instant ARRIVAL = Instant.parse("2024-04-01T09:58:00Z");
    static final Instant LAST_ATTEMPT = Instant.parse("2024-04-01T10:00:00Z");
    static final Instant DATE = Instant.parse("2024-04-01T10:00:05Z");
    static final String MESSAGE_ID = "<dsn." + QUEUE_ID + "@mx.example.test>";
    static final MailAddress SENDER = MailAddress.parse("alice@example.org");

    static final String ORIGINAL_HEADER = """
            Received: from client.example.org (client.example.org [192.0.2.10])
            \tby mx.example.test with ESMTPS id 01HTB8ZJ6Q7N3W5XKQ2M4R8V9C
            \tfor <bob@example.net>; Mon, 1 Apr 2024 09:58:00 +0000
            From: Alice <alice@example.org>
            To: Bob <bob@example.net>
            Subject: Lunch on Friday?
            Message-ID: <lunch.42@example.org>
            Date: Mon, 1 Apr 2024 09:57:58 +0000
            """;
    static final String ORIGINAL_BODY = """
            Hi Bob,

            shall we have lunch on Friday?

            Alice
            """;

    private Fixtures() {
    }

    /** A message written with \n for line ends, stored with CRLF. */
    static byte[] crlf(String text) {
        return text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] original() {
        return crlf(ORIGINAL_HEADER + "\n" + ORIGINAL_BODY);
    }

    static RecipientReport failed(String address, String reply) {
        return new RecipientReport(MailAddress.parse(address, true), Optional.empty(), DsnAction.FAILED,
                StatusCode.parse("5.1.1"), Optional.of(Domain.parse("mx.example.net")),
                Optional.of(DiagnosticCode.smtp(reply)), LAST_ATTEMPT, Optional.empty());
    }

    static RecipientReport failed() {
        return failed("bob@example.net", "550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown");
    }

    static RecipientReport delayed() {
        return new RecipientReport(MailAddress.parse("carol@example.net"), Optional.empty(), DsnAction.DELAYED,
                StatusCode.parse("4.4.1"), Optional.empty(),
                Optional.of(DiagnosticCode.smtp("421 4.4.1 mx.example.net: connection timed out")), LAST_ATTEMPT,
                Optional.of(Instant.parse("2024-04-06T09:58:00Z")));
    }

    static RecipientReport delivered() {
        return new RecipientReport(MailAddress.parse("dave@example.net"),
                Optional.of(new OriginalRecipient("rfc822", "dave@old.example.net")), DsnAction.DELIVERED,
                StatusCode.parse("2.0.0"), Optional.of(Domain.parse("mx.example.net")),
                Optional.of(DiagnosticCode.smtp("250 2.0.0 Ok: queued as 4XYZ")), LAST_ATTEMPT, Optional.empty());
    }

    static DeliveryReport report(Optional<DsnReturn> ret, RecipientReport... recipients) {
        return report(SENDER, ret, recipients);
    }

    static DeliveryReport report(MailAddress sender, Optional<DsnReturn> ret, RecipientReport... recipients) {
        return new DeliveryReport(REPORTING_MTA, QUEUE_ID, Optional.of("env-42"), ARRIVAL, sender, ret,
                List.of(recipients), DATE, MESSAGE_ID);
    }

    static DeliveryReport bounce() {
        return report(Optional.empty(), failed());
    }
}
