package io.mailfleet.dsn;

import static io.mailfleet.dsn.Fixtures.bounce;
import static io.mailfleet.dsn.Fixtures.crlf;
import static io.mailfleet.dsn.Fixtures.failed;
import static io.mailfleet.dsn.Fixtures.original;
import static io.mailfleet.dsn.Fixtures.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.DsnReturn;
import io.mailfleet.model.event.OriginalRecipient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Input from outside, the remote server's reply above all, cannot break the DSN's structure. */
class DsnSafetyTest {

    private static final String MULTI_LINE_REPLY = "550-5.1.1 The email account that you tried to reach does not exist.\r\n"
            + "550-5.1.1 Please try double-checking the recipient's email address for typos\r\n"
            + "550 5.1.1 or unnecessary spaces. For more information, go to the help pages.";

    @Test
    void aMultiLineReplyBecomesOneDiagnosticWithItsLineBreaksFoldedOut() {
        ParsedDsn parsed = ParsedDsn.of(Dsns.generate(report(Optional.empty(), failed("bob@example.net",
                MULTI_LINE_REPLY)), original()));

        assertThat(parsed.statusGroups().get(1)).containsEntry("Diagnostic-Code", "smtp; "
                + "550-5.1.1 The email account that you tried to reach does not exist. "
                + "550-5.1.1 Please try double-checking the recipient's email address for typos "
                + "550 5.1.1 or unnecessary spaces. For more information, go to the help pages.");
        assertThat(parsed.statusGroups()).hasSize(2);
        assertThat(parsed.text(1)).contains("    Server reply: 550-5.1.1 The email account that you tried to reach");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "one line|550 5.1.1 user unknown|550 5.1.1 user unknown",
            "CRLF between lines|'550-a\r\n550 b'|550-a 550 b",
            "bare LF and CR|'550-a\n550-b\r550 c'|550-a 550-b 550 c",
            "tabs and runs of space|'  550\t\t5.1.1   gone \r\n'|550 5.1.1 gone",
            "other controls|'550 bad\u0000byte\u001b[31m\u007F'|550 bad?byte?[31m?",
            "non-ASCII kept|550 5.1.1 用户不存在|550 5.1.1 用户不存在"})
    void diagnosticTextIsMadeSafeForAHeaderField(String name, String raw, String safe) {
        assertThat(DiagnosticCode.smtp(raw).text()).isEqualTo(safe);
    }

    @Test
    void aLongDiagnosticIsCutAndMarked() {
        String text = DiagnosticCode.smtp("550 " + "spam ".repeat(400)).text();

        assertThat(text).isEqualTo("550 " + "spam ".repeat(198) + "spa...").hasSize(DiagnosticCode.MAX_TEXT_LENGTH);
        assertThat(DiagnosticCode.smtp("5".repeat(DiagnosticCode.MAX_TEXT_LENGTH)).text())
                .hasSize(DiagnosticCode.MAX_TEXT_LENGTH).doesNotContain(".");
    }

    @Test
    void anEnvidOrOrcptWithLineBreaksCannotAddFields() {
        RecipientReport failed = failed();
        RecipientReport withOrcpt = new RecipientReport(failed.finalRecipient(),
                Optional.of(new OriginalRecipient("rfc822\nStatus: 2.0.0", "bob@example.net\r\nAction: delivered")), failed.action(),
                failed.status(), failed.remoteMta(), failed.diagnosticCode(), failed.lastAttemptDate(),
                Optional.empty());
        DeliveryReport report = new DeliveryReport(Fixtures.REPORTING_MTA, Fixtures.QUEUE_ID,
                Optional.of("env\r\n\r\nFinal-Recipient: rfc822; x@example.com"), Fixtures.ARRIVAL, Fixtures.SENDER,
                Optional.empty(), List.of(withOrcpt), Fixtures.DATE, Fixtures.MESSAGE_ID);
        List<Map<String, String>> groups = ParsedDsn.of(Dsns.generate(report, original())).statusGroups();

        assertThat(groups).hasSize(2);
        assertThat(groups.get(0))
                .containsEntry("Original-Envelope-Id", "env+0D+0A+0D+0AFinal-Recipient: rfc822; x@example.com");
        assertThat(groups.get(1))
                .containsEntry("Original-Recipient", "rfc822+0AStatus: 2.0.0; bob@example.net+0D+0AAction: delivered")
                .containsEntry("Action", "failed")
                .containsEntry("Status", "5.1.1");
    }

    @Test
    void everyLineFitsTheLimitAndTheGeneratedPartsKeepTo78Octets() {
        RecipientReport longReply = failed("very.long.local.part.for.testing.line.lengths.1234567890@example.net",
                MULTI_LINE_REPLY + " " + MULTI_LINE_REPLY);
        ParsedDsn parsed = ParsedDsn.of(Dsns.generate(report(Optional.empty(), longReply, failed()), original()));

        for (int part = 1; part <= 2; part++) {
            assertThat(parsed.text(part).split("\r\n")).allSatisfy(line ->
                    assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(78));
        }
        assertThat(parsed.lines()).allSatisfy(line ->
                assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(78));
    }

    @Test
    void aReplyWithoutSpacesIsBrokenToKeepLinesWithin998Octets() {
        ParsedDsn parsed = ParsedDsn.of(Dsns.generate(
                report(Optional.empty(), failed("bob@example.net", "550-" + "x".repeat(5_000))), original()));

        assertThat(parsed.lines()).allSatisfy(line ->
                assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(998));
        String diagnostic = parsed.statusGroups().get(1).get("Diagnostic-Code");
        assertThat(diagnostic.replace(" ", "")).isEqualTo("smtp;550-" + "x".repeat(993) + "...");
    }

    @Test
    void theSameReportGivesTheSameOctets() {
        DeliveryReport report = report(Optional.of(DsnReturn.FULL), failed(), Fixtures.delayed());

        assertThat(Dsns.generate(report, original()).toByteArray())
                .isEqualTo(Dsns.generate(report, original()).toByteArray());
    }

    @Test
    void anotherDateGivesAnotherBoundary() {
        DeliveryReport report = bounce();
        DeliveryReport later = new DeliveryReport(report.reportingMta(), report.queueId(), report.envelopeId(),
                report.arrivalDate(), report.originalSender(), report.dsnReturn(), report.recipients(),
                Instant.parse("2024-04-01T10:00:06Z"), report.messageId());

        assertThat(ParsedDsn.of(Dsns.generate(later, original())).parameter("boundary"))
                .isNotEqualTo(ParsedDsn.of(Dsns.generate(report, original())).parameter("boundary"));
    }

    @Test
    void aBoundaryFoundInTheContentIsNotUsed() {
        DeliveryReport report = report(Optional.of(DsnReturn.FULL), failed());
        String first = ParsedDsn.of(Dsns.generate(report, original())).parameter("boundary");
        byte[] trap = crlf(Fixtures.ORIGINAL_HEADER + "\n--" + first + "\nnot a part\n--" + first + "--\n");
        ParsedDsn parsed = ParsedDsn.of(Dsns.generate(report, trap));

        assertThat(parsed.parameter("boundary")).isNotEqualTo(first)
                .isEqualTo(Boundary.candidate(Fixtures.QUEUE_ID, Fixtures.DATE, 1));
        assertThat(parsed.partTypes()).hasSize(3);
        assertThat(parsed.body(3)).isEqualTo(trap);
    }

    @Test
    void aQuotedLocalPartStaysOneAddress() {
        MailAddress quoted = MailAddress.parse("\"john doe\"@example.net");
        RecipientReport failed = failed();
        RecipientReport recipient = new RecipientReport(quoted, Optional.empty(), failed.action(), failed.status(),
                failed.remoteMta(), failed.diagnosticCode(), failed.lastAttemptDate(), Optional.empty());
        ParsedDsn parsed = ParsedDsn.of(Dsns.generate(report(Optional.empty(), recipient), original()));

        assertThat(parsed.statusGroups().get(1)).containsEntry("Final-Recipient", "rfc822; \"john doe\"@example.net");
    }
}
