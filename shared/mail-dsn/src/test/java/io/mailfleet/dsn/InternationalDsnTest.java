package io.mailfleet.dsn;

import static io.mailfleet.dsn.Fixtures.bounce;
import static io.mailfleet.dsn.Fixtures.crlf;
import static io.mailfleet.dsn.Fixtures.failed;
import static io.mailfleet.dsn.Fixtures.original;
import static io.mailfleet.dsn.Fixtures.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.BodyType;
import io.mailfleet.model.event.OriginalRecipient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.junit.jupiter.api.Test;

class InternationalDsnTest {

    @Test
    void aUtf8RecipientIsReportedWithTheUtf8AddressTypeInAGlobalReport() {
        DsnMessage dsn = Dsns.generate(report(Optional.empty(), failed("用户@example.net", "550 5.1.1 unknown")),
                original());
        ParsedDsn parsed = ParsedDsn.of(dsn);

        assertThat(parsed.statusGroups().get(1)).containsEntry("Final-Recipient", "utf-8; 用户@example.net");
        assertThat(parsed.part(2).subtype()).isEqualTo("global-delivery-status");
        assertThat(parsed.part(2).encoding()).isEqualTo("8bit");
        assertThat(parsed.part(1).encoding()).isEqualTo("8bit");
        assertThat(parsed.text(1)).contains("<用户@example.net>: could not be delivered");
        assertThat(dsn.bodyType()).isEqualTo(BodyType.EIGHT_BIT_MIME);
        // The To field and envelope are ASCII: 8BITMIME carries the UTF-8 parts.
        assertThat(dsn.requiresSmtpUtf8()).isFalse();
    }

    @Test
    void aUtf8SenderIsWrittenAsItIsAndNeedsSmtpUtf8() {
        MailAddress sender = MailAddress.parse("jürgen@example.org", true);
        DsnMessage dsn = Dsns.generate(report(sender, Optional.empty(), failed()), original());

        assertThat(ParsedDsn.of(dsn).parsed().headers().first("to")).isEqualTo("jürgen@example.org");
        assertThat(dsn.recipient()).isEqualTo(sender);
        assertThat(dsn.requiresSmtpUtf8()).isTrue();
    }

    @Test
    void aUtf8OriginalRecipientMakesTheReportGlobal() {
        RecipientReport failed = failed();
        RecipientReport withOrcpt = new RecipientReport(failed.finalRecipient(),
                Optional.of(new OriginalRecipient("utf-8", "用户@example.net")), failed.action(), failed.status(),
                failed.remoteMta(), failed.diagnosticCode(), failed.lastAttemptDate(), failed.willRetryUntil());
        ParsedDsn parsed = ParsedDsn.of(Dsns.generate(report(Optional.empty(), withOrcpt), original()));

        assertThat(parsed.parameter("report-type")).isEqualTo("global-delivery-status");
        assertThat(parsed.statusGroups().get(1))
                .containsEntry("Original-Recipient", "utf-8; 用户@example.net")
                .containsEntry("Final-Recipient", "rfc822; bob@example.net");
    }

    @Test
    void aUtf8HeaderSectionIsReturnedAsGlobalHeadersOctetForOctet() {
        byte[] header = crlf("From: Jürgen <jürgen@example.org>\nSubject: Grüße\n");
        byte[] original = crlf("From: Jürgen <jürgen@example.org>\nSubject: Grüße\n\nHallo\n");
        ParsedDsn parsed = ParsedDsn.of(Dsns.generate(bounce(), original));

        assertThat(parsed.partTypes()).containsExactly("text/plain", "message/global-delivery-status",
                "message/global-headers");
        assertThat(parsed.body(3)).isEqualTo(header);
        assertThat(parsed.part(3).encoding()).isEqualTo("8bit");
    }

    @Test
    void aUtf8ReplyInAClassicReportIsAsciiInTheFieldsAndQuotedPrintableInTheText() throws IOException {
        String reply = "550 5.1.1 Benutzer unbekannt – bitte prüfen";
        DsnMessage dsn = Dsns.generate(report(Optional.empty(), failed("bob@example.net", reply)), original());
        ParsedDsn parsed = ParsedDsn.of(dsn);

        assertThat(parsed.parameter("report-type")).isEqualTo("delivery-status");
        assertThat(parsed.statusGroups().get(1))
                .containsEntry("Diagnostic-Code", "smtp; 550 5.1.1 Benutzer unbekannt ? bitte pr?fen");
        assertThat(parsed.part(1).encoding()).isEqualTo("quoted-printable");
        assertThat(decodedText(dsn)).contains("Server reply: 550 5.1.1 Benutzer unbekannt – bitte prüfen");
        assertThat(dsn.bodyType()).isEqualTo(BodyType.SEVEN_BIT);
    }

    @Test
    void anInternationalisedDomainIsRoutedAsciiButShownToPeopleInUnicode() throws IOException {
        DsnMessage dsn = Dsns.generate(report(Optional.empty(), failed("bob@bücher.example", "550 5.1.1 unknown")),
                original());

        assertThat(ParsedDsn.of(dsn).statusGroups().get(1))
                .containsEntry("Final-Recipient", "rfc822; bob@xn--bcher-kva.example");
        assertThat(decodedText(dsn)).contains("<bob@bücher.example>: could not be delivered");
    }

    private static String decodedText(DsnMessage dsn) throws IOException {
        SingleBody text = (SingleBody) ((Multipart) Dsns.mime4j(dsn).getBody()).getBodyParts().get(0).getBody();
        try (InputStream content = text.getInputStream()) {
            return new String(content.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
