package io.mailfleet.dsn;

import static io.mailfleet.dsn.Fixtures.bounce;
import static io.mailfleet.dsn.Fixtures.crlf;
import static io.mailfleet.dsn.Fixtures.delayed;
import static io.mailfleet.dsn.Fixtures.delivered;
import static io.mailfleet.dsn.Fixtures.failed;
import static io.mailfleet.dsn.Fixtures.original;
import static io.mailfleet.dsn.Fixtures.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.mailfleet.model.event.DsnReturn;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DsnStructureTest {

    private static final List<String> HEADERS_RETURNED =
            List.of("text/plain", "message/delivery-status", "text/rfc822-headers");
    private static final List<String> MESSAGE_RETURNED =
            List.of("text/plain", "message/delivery-status", "message/rfc822");
    private static final byte[] UTF8_ORIGINAL = crlf("From: Jürgen <juergen@example.org>\nSubject: Grüße\n\nHallo\n");

    static Stream<Arguments> reports() {
        Optional<DsnReturn> full = Optional.of(DsnReturn.FULL);
        Optional<DsnReturn> hdrs = Optional.of(DsnReturn.HDRS);
        return Stream.of(
                arguments("bounce without RET", bounce(), original(), "delivery-status", HEADERS_RETURNED),
                arguments("bounce with RET=HDRS", report(hdrs, failed()), original(), "delivery-status", HEADERS_RETURNED),
                arguments("bounce with RET=FULL", report(full, failed()), original(), "delivery-status", MESSAGE_RETURNED),
                arguments("delay with RET=FULL returns headers", report(full, delayed()), original(), "delivery-status",
                        HEADERS_RETURNED),
                arguments("success with RET=FULL returns headers", report(full, delivered()), original(),
                        "delivery-status", HEADERS_RETURNED),
                arguments("UTF-8 recipient, RET=FULL", report(full, failed("用户@example.net", "550 5.1.1 unknown")),
                        original(), "global-delivery-status",
                        List.of("text/plain", "message/global-delivery-status", "message/global")),
                arguments("UTF-8 header section", bounce(), UTF8_ORIGINAL, "global-delivery-status",
                        List.of("text/plain", "message/global-delivery-status", "message/global-headers")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reports")
    void isAMultipartReportOfThreeParts(String name, DeliveryReport report, byte[] original, String reportType,
            List<String> partTypes) {
        DsnMessage dsn = Dsns.generate(report, original);
        ParsedDsn parsed = ParsedDsn.of(dsn);

        assertThat(parsed.contentType()).isEqualTo("multipart/report");
        assertThat(parsed.parameter("report-type")).isEqualTo(reportType);
        assertThat(parsed.partTypes()).containsExactlyElementsOf(partTypes);
        assertThat(parsed.parsed().truncated()).isFalse();

        Message message = Dsns.mime4j(dsn);
        assertThat(message.getMimeType()).isEqualTo("multipart/report");
        assertThat(((ContentTypeField) message.getHeader().getField("Content-Type")).getParameter("report-type"))
                .isEqualTo(reportType);
        assertThat(((Multipart) message.getBody()).getBodyParts()).extracting(Entity::getMimeType)
                .containsExactlyElementsOf(partTypes);
    }

    @Test
    void theHeaderSaysWhoFromWhomAndThatItIsAutomatic() {
        ParsedDsn parsed = ParsedDsn.of(Dsns.generate(bounce(), original()));
        String boundary = parsed.parameter("boundary");

        assertThat(parsed.parsed().headers().fields()).containsExactly(
                entry("date", List.of("Mon, 1 Apr 2024 10:00:05 +0000")),
                entry("from", List.of("Mail Delivery System <MAILER-DAEMON@mx.example.test>")),
                entry("to", List.of("alice@example.org")),
                entry("subject", List.of("Undelivered Mail Returned to Sender")),
                entry("message-id", List.of(Fixtures.MESSAGE_ID)),
                entry("auto-submitted", List.of("auto-replied")),
                entry("mime-version", List.of("1.0")),
                entry("content-type", List.of(
                        "multipart/report; report-type=delivery-status; boundary=\"" + boundary + "\"")),
                entry("content-transfer-encoding", List.of("7bit")));
        assertThat(boundary).isEqualTo(Boundary.candidate(Fixtures.QUEUE_ID, Fixtures.DATE, 0));
    }

    static Stream<Arguments> subjects() {
        return Stream.of(
                arguments(List.of(failed()), "Undelivered Mail Returned to Sender"),
                arguments(List.of(delayed(), failed()), "Undelivered Mail Returned to Sender"),
                arguments(List.of(delayed()), "Delayed Mail (still being retried)"),
                arguments(List.of(delivered(), delayed()), "Delayed Mail (still being retried)"),
                arguments(List.of(delivered()), "Successful Mail Delivery Report"));
    }

    @ParameterizedTest
    @MethodSource("subjects")
    void theSubjectFollowsTheGravestOutcome(List<RecipientReport> recipients, String subject) {
        DeliveryReport report = report(Optional.empty(), recipients.toArray(RecipientReport[]::new));

        assertThat(ParsedDsn.of(Dsns.generate(report, original())).parsed().envelope().subject()).isEqualTo(subject);
    }

    @Test
    void theDeliveryStatusHasPerMessageFieldsThenOneGroupPerRecipient() {
        DeliveryReport report = report(Optional.empty(), failed(), delayed(), delivered());
        List<Map<String, String>> groups = ParsedDsn.of(Dsns.generate(report, original())).statusGroups();

        assertThat(groups).hasSize(4);
        assertThat(groups.get(0)).containsExactly(
                entry("Original-Envelope-Id", "env-42"),
                entry("Reporting-MTA", "dns; mx.example.test"),
                entry("Arrival-Date", "Mon, 1 Apr 2024 09:58:00 +0000"),
                entry("X-Mailfleet-Queue-ID", Fixtures.QUEUE_ID));
        assertThat(groups.get(1)).containsExactly(
                entry("Final-Recipient", "rfc822; bob@example.net"),
                entry("Action", "failed"),
                entry("Status", "5.1.1"),
                entry("Remote-MTA", "dns; mx.example.net"),
                entry("Diagnostic-Code", "smtp; 550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown"),
                entry("Last-Attempt-Date", "Mon, 1 Apr 2024 10:00:00 +0000"));
        assertThat(groups.get(2)).containsExactly(
                entry("Final-Recipient", "rfc822; carol@example.net"),
                entry("Action", "delayed"),
                entry("Status", "4.4.1"),
                entry("Diagnostic-Code", "smtp; 421 4.4.1 mx.example.net: connection timed out"),
                entry("Last-Attempt-Date", "Mon, 1 Apr 2024 10:00:00 +0000"),
                entry("Will-Retry-Until", "Sat, 6 Apr 2024 09:58:00 +0000"));
        assertThat(groups.get(3)).containsExactly(
                entry("Original-Recipient", "rfc822; dave@old.example.net"),
                entry("Final-Recipient", "rfc822; dave@example.net"),
                entry("Action", "delivered"),
                entry("Status", "2.0.0"),
                entry("Remote-MTA", "dns; mx.example.net"),
                entry("Diagnostic-Code", "smtp; 250 2.0.0 Ok: queued as 4XYZ"),
                entry("Last-Attempt-Date", "Mon, 1 Apr 2024 10:00:00 +0000"));
    }

    @Test
    void withoutEnvidOrRemoteMtaThoseFieldsAreLeftOut() {
        RecipientReport local = new RecipientReport(Fixtures.SENDER, Optional.empty(), DsnAction.FAILED,
                StatusCode.parse("5.2.2"), Optional.empty(), Optional.of(new DiagnosticCode("x-local", "mailbox full")),
                Fixtures.LAST_ATTEMPT, Optional.empty());
        DeliveryReport report = new DeliveryReport(Fixtures.REPORTING_MTA, Fixtures.QUEUE_ID, Optional.empty(),
                Fixtures.ARRIVAL, Fixtures.SENDER, Optional.empty(), List.of(local), Fixtures.DATE, Fixtures.MESSAGE_ID);
        List<Map<String, String>> groups = ParsedDsn.of(Dsns.generate(report, original())).statusGroups();

        assertThat(groups.get(0)).containsOnlyKeys("Reporting-MTA", "Arrival-Date", "X-Mailfleet-Queue-ID");
        assertThat(groups.get(1)).containsOnlyKeys("Final-Recipient", "Action", "Status", "Diagnostic-Code",
                "Last-Attempt-Date");
        assertThat(groups.get(1)).containsEntry("Diagnostic-Code", "x-local; mailbox full");
    }

    @Test
    void theTextTellsTheSenderWhatHappenedToEachRecipient() {
        DeliveryReport report = report(Optional.empty(), failed(), delivered());
        String text = ParsedDsn.of(Dsns.generate(report, original())).text(1);

        assertThat(text).isEqualTo("""
                This is the mail delivery system at mx.example.test.

                Your message could not be delivered to one or more of its recipients. The mail
                system has stopped trying; the details are below.

                <bob@example.net>: could not be delivered (status 5.1.1)
                    Remote server: mx.example.net
                    Last attempt: Mon, 1 Apr 2024 10:00:00 +0000
                    Server reply: 550 5.1.1 <bob@example.net>: Recipient address rejected:
                        User unknown

                <dave@example.net>: delivered (status 2.0.0)
                    Originally addressed to: rfc822; dave@old.example.net
                    Remote server: mx.example.net
                    Last attempt: Mon, 1 Apr 2024 10:00:00 +0000
                    Server reply: 250 2.0.0 Ok: queued as 4XYZ

                Your message arrived on Mon, 1 Apr 2024 09:58:00 +0000 and has queue id
                01HTB8ZJ6Q7N3W5XKQ2M4R8V9C.
                The header section of your message is attached.
                """.replace("\n", "\r\n"));
    }
}
