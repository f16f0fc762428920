package io.mailfleet.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.mailfleet.mime.model.ByteRange;
import io.mailfleet.mime.model.ParsedMessage;
import io.mailfleet.mime.model.Section;

/** Slicing the stored octets by the computed ranges must give exactly the section's text. */
class SectionOffsetsTest {

    static Stream<Arguments> sections() {
        return Stream.of(
                arguments("plain-text.eml", "1", "Minutes of the IMAP4rev1 working group meeting.\r\n\r\n"
                        + "Attendees: see the list at the end.\r\nThe group reviewed the draft and agreed on the changes.\r\n"),
                arguments("plain-text.eml", "1.MIME", new String(Corpus.bytes("plain-text.eml"), StandardCharsets.UTF_8)
                        .substring(0, 342)),
                arguments("alternative.eml", "1", "Hi Bob,\r\n\r\nShall we have lunch on Friday at 12:30?"
                        + " The caf=C3=A9 on the corner is open.\r\n\r\nJane"),
                arguments("alternative.eml", "1.MIME",
                        "Content-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"),
                arguments("alternative.eml", "2", "<html><body><p>Hi Bob,</p><p>Shall we have lunch on Friday at 12:30?"
                        + " The caf=\r\n=C3=A9 on the corner is open.</p><p>Jane</p></body></html>"),
                arguments("mixed-attachment.eml", "1", "Please find the quarterly report attached.\r\n"),
                arguments("mixed-attachment.eml", "2",
                        "JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PC9UeXBlL0NhdGFsb2cvUGFnZXMgMiAwIFI+PgplbmRv\r\n"
                                + "YmoKMiAwIG9iago8PC9UeXBlL1BhZ2VzL0tpZHNbMyAwIFJdL0NvdW50IDE+PgplbmRvYmoKJSVF\r\n"
                                + "T0YK"),
                arguments("forwarded.eml", "1", "See below."),
                arguments("forwarded.eml", "2.MIME", "Content-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n"),
                arguments("forwarded.eml", "2.HEADER", "From: \"Doe, Jane\" <jane@example.com>\r\nTo: Bob <bob@example.org>\r\n"
                        + "Subject: Lunch on Friday?\r\nDate: Tue, 05 Mar 2024 09:15:00 +0100\r\n"
                        + "Message-ID: <alt-1@example.com>\r\nMIME-Version: 1.0\r\n"
                        + "Content-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n"),
                arguments("forwarded.eml", "2.TEXT", "--inner\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nLunch?\r\n"
                        + "--inner\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n<p>Lunch?</p>\r\n--inner--\r\n"),
                arguments("forwarded.eml", "2.1", "Lunch?"),
                arguments("forwarded.eml", "2.2.MIME", "Content-Type: text/html; charset=us-ascii\r\n\r\n"),
                // Every specifier of the RFC 3501 §6.4.5 example.
                arguments("rfc3501-sections.eml", "1", "part 1"),
                arguments("rfc3501-sections.eml", "2", "cGFydCAy"),
                arguments("rfc3501-sections.eml", "3.HEADER",
                        "Subject: part 3\r\nContent-Type: multipart/mixed; boundary=\"L3\"\r\n\r\n"),
                arguments("rfc3501-sections.eml", "3.TEXT", "--L3\r\nContent-Type: text/plain\r\n\r\npart 3.1\r\n"
                        + "--L3\r\nContent-Type: application/octet-stream\r\n\r\npart 3.2\r\n--L3--"),
                arguments("rfc3501-sections.eml", "3.1", "part 3.1"),
                arguments("rfc3501-sections.eml", "3.2", "part 3.2"),
                arguments("rfc3501-sections.eml", "4.1", "part 4.1"),
                arguments("rfc3501-sections.eml", "4.1.MIME", "Content-Type: image/gif\r\n\r\n"),
                arguments("rfc3501-sections.eml", "4.2.HEADER",
                        "Subject: part 4.2\r\nContent-Type: multipart/mixed; boundary=\"L42\"\r\n\r\n"),
                arguments("rfc3501-sections.eml", "4.2.1", "part 4.2.1"),
                arguments("rfc3501-sections.eml", "4.2.2.MIME",
                        "Content-Type: multipart/alternative; boundary=\"L422\"\r\n\r\n"),
                arguments("rfc3501-sections.eml", "4.2.2.1", "part 4.2.2.1"),
                arguments("rfc3501-sections.eml", "4.2.2.2", "part 4.2.2.2"),
                arguments("digest.eml", "1.MIME", "\r\n"),
                arguments("digest.eml", "1.HEADER", "From: first@example.org\r\nSubject: First post\r\n\r\n"),
                arguments("digest.eml", "2.TEXT", "Two."),
                arguments("digest.eml", "2.1", "Two."),
                arguments("lf-only.eml", "1", "line one\nline two"),
                arguments("lf-only.eml", "1.MIME", "Content-Type: text/plain\n\n"),
                arguments("lf-only.eml", "2", "<p>html</p>"),
                arguments("missing-final-boundary.eml", "1.1", "plain version"),
                arguments("missing-final-boundary.eml", "1.2", "<b>html version</b>"),
                arguments("missing-final-boundary.eml", "2", "notes that run to the end\r\n"),
                arguments("boundary-absent.eml", "1",
                        "This body claims to be multipart\r\nbut no delimiter line ever appears.\r\n"),
                arguments("no-body-separator.eml", "TEXT", ""),
                arguments("no-body-separator.eml", "HEADER",
                        "From: headers-only@example.com\r\nTo: you@example.com\r\nSubject: No body separator"));
    }

    @ParameterizedTest(name = "{0} BODY[{1}]")
    @MethodSource("sections")
    void slicesExactlyTheSection(String file, String section, String expected) {
        byte[] message = Corpus.bytes(file);
        ByteRange range = new MimeParser().parse(message).sectionRange(section).orElseThrow();

        assertThat(Corpus.slice(message, range)).isEqualTo(expected);
    }

    @Test
    void headerAndTextOfTheMessageSplitItWhole() {
        byte[] message = Corpus.bytes("alternative.eml");
        ParsedMessage parsed = new MimeParser().parse(message);

        assertThat(Corpus.slice(message, parsed.headerRange())).startsWith("From: ")
                .endsWith("boundary=\"alt-boundary-42\"\r\n\r\n");
        assertThat(Corpus.slice(message, parsed.textRange())).startsWith("This is a multi-part")
                .endsWith("--alt-boundary-42--\r\n");
        assertThat(parsed.headerRange().end()).isEqualTo(parsed.textRange().start());
        assertThat(parsed.sectionRange("")).contains(new ByteRange(0, message.length));
    }

    @Test
    void aSingleBodyIsPartOneOfItsMessage() {
        ParsedMessage parsed = Corpus.parse("plain-text.eml");

        assertThat(parsed.sectionRange("1")).contains(parsed.textRange());
        assertThat(parsed.sectionRange("1.MIME")).contains(parsed.headerRange());
    }

    @Test
    void aMessagePartHasHeaderAndTextSections() {
        Section section = Corpus.parse("forwarded.eml").section("2").orElseThrow();

        assertThat(section.header().start()).isEqualTo(section.body().start());
        assertThat(section.header().end()).isEqualTo(section.text().start());
        assertThat(section.text().end()).isEqualTo(section.body().end());
        assertThat(section.mime().end()).isEqualTo(section.body().start());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "0", "5", "1.1", "1.HEADER", "4.3", "3.3", "1..2", ".1", "1.", "x", "01", "1.MIMEX", "2.0"})
    void unknownSectionsAreAbsent(String section) {
        assertThat(Corpus.parse("rfc3501-sections.eml").sectionRange(section)).isEmpty();
    }
}
