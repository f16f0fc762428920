package io.mailfleet.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.mailfleet.mime.imap.ImapRenderer;
import io.mailfleet.mime.model.MimePart;

/**
 * Expected values are worked out from the corpus bytes: a body runs from after the blank line to
 * before the line end that precedes the next delimiter (RFC 2046 §5.1.1), and its lines are the
 * lines starting inside it.
 */
class BodyStructureTest {

    static Stream<Arguments> bodyStructures() {
        return Stream.of(
                // 4 lines: "Minutes…", "", "Attendees…", "The group…"; 145 octets with CRLFs.
                arguments("plain-text.eml",
                        "(\"text\" \"plain\" (\"charset\" \"US-ASCII\") NIL NIL \"7bit\" 145 4 NIL NIL NIL NIL)"),
                arguments("alternative.eml",
                        "((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 95 5 NIL NIL NIL NIL)"
                                + "(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 137 2 NIL NIL NIL NIL)"
                                + " \"alternative\" (\"boundary\" \"alt-boundary-42\") NIL NIL NIL)"),
                // The RFC 2231 filename continuations merge into one extended parameter.
                arguments("mixed-attachment.eml",
                        "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 44 1 NIL NIL NIL NIL)"
                                + "(\"application\" \"pdf\" (\"name\" \"report.pdf\") \"<report@example.com>\""
                                + " \"Quarterly report (PDF)\" \"base64\" 160 \"BPn/fKZMNPsMf20vD+aAWg==\""
                                + " (\"attachment\" (\"filename*\" \"utf-8''Quarterly%20report%20%E2%82%AC%20Q1.pdf\"))"
                                + " (\"en\" \"de\") \"https://example.com/report.pdf\")"
                                + " \"mixed\" (\"boundary\" \"----=_Part_0_123456.789\") NIL NIL NIL)"),
                arguments("forwarded.eml",
                        "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 10 1 NIL NIL NIL NIL)"
                                + "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 383"
                                + " (\"Tue, 05 Mar 2024 09:15:00 +0100\" \"Lunch on Friday?\""
                                + " ((\"Doe, Jane\" NIL \"jane\" \"example.com\"))"
                                + " ((\"Doe, Jane\" NIL \"jane\" \"example.com\"))"
                                + " ((\"Doe, Jane\" NIL \"jane\" \"example.com\"))"
                                + " ((\"Bob\" NIL \"bob\" \"example.org\")) NIL NIL NIL \"<alt-1@example.com>\")"
                                + " ((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 6 1 NIL NIL NIL NIL)"
                                + "(\"text\" \"html\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 13 1 NIL NIL NIL NIL)"
                                + " \"alternative\" (\"boundary\" \"inner\") NIL NIL NIL)"
                                + " 17 NIL (\"inline\" NIL) NIL NIL)"
                                + " \"mixed\" (\"boundary\" \"outer\") NIL NIL NIL)"),
                // "Grüße aus Köln!" and "Alles erledigt ✓" are 18 octets each in UTF-8.
                arguments("eightbit.eml",
                        "(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"8bit\" 40 2 NIL NIL NIL NIL)"),
                // Parts of a digest without Content-Type are message/rfc822 (RFC 2046 §5.1.5).
                arguments("digest.eml",
                        "((\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 52"
                                + " (NIL \"First post\" ((NIL NIL \"first\" \"example.org\")) ((NIL NIL \"first\" \"example.org\"))"
                                + " ((NIL NIL \"first\" \"example.org\")) NIL NIL NIL NIL NIL)"
                                + " (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 4 1 NIL NIL NIL NIL) 4"
                                + " NIL NIL NIL NIL)"
                                + "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 54"
                                + " (NIL \"Second post\" ((NIL NIL \"second\" \"example.org\")) ((NIL NIL \"second\" \"example.org\"))"
                                + " ((NIL NIL \"second\" \"example.org\")) NIL NIL NIL NIL NIL)"
                                + " (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 4 1 NIL NIL NIL NIL) 4"
                                + " NIL NIL NIL NIL)"
                                + " \"digest\" (\"boundary\" \"digest-b\") NIL NIL NIL)"),
                // The part tree of RFC 3501 §6.4.5.
                arguments("rfc3501-sections.eml",
                        "((\"text\" \"plain\" NIL NIL NIL \"7bit\" 6 1 NIL NIL NIL NIL)"
                                + "(\"application\" \"octet-stream\" NIL NIL NIL \"base64\" 8 NIL NIL NIL NIL)"
                                + "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 173"
                                + " (NIL \"part 3\" NIL NIL NIL NIL NIL NIL NIL NIL)"
                                + " ((\"text\" \"plain\" NIL NIL NIL \"7bit\" 8 1 NIL NIL NIL NIL)"
                                + "(\"application\" \"octet-stream\" NIL NIL NIL \"7bit\" 8 NIL NIL NIL NIL)"
                                + " \"mixed\" (\"boundary\" \"L3\") NIL NIL NIL) 12 NIL NIL NIL NIL)"
                                + "((\"image\" \"gif\" NIL NIL NIL \"7bit\" 8 NIL NIL NIL NIL)"
                                + "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 298"
                                + " (NIL \"part 4.2\" NIL NIL NIL NIL NIL NIL NIL NIL)"
                                + " ((\"text\" \"plain\" NIL NIL NIL \"7bit\" 10 1 NIL NIL NIL NIL)"
                                + "((\"text\" \"plain\" NIL NIL NIL \"7bit\" 12 1 NIL NIL NIL NIL)"
                                + "(\"text\" \"richtext\" NIL NIL NIL \"7bit\" 12 1 NIL NIL NIL NIL)"
                                + " \"alternative\" (\"boundary\" \"L422\") NIL NIL NIL)"
                                + " \"mixed\" (\"boundary\" \"L42\") NIL NIL NIL) 20 NIL NIL NIL NIL)"
                                + " \"mixed\" (\"boundary\" \"L4\") NIL NIL NIL)"
                                + " \"mixed\" (\"boundary\" \"L1\") NIL NIL NIL)"),
                // Bare LF line ends: "line one\nline two" is 17 octets.
                arguments("lf-only.eml",
                        "((\"text\" \"plain\" NIL NIL NIL \"7bit\" 17 2 NIL NIL NIL NIL)"
                                + "(\"text\" \"html\" NIL NIL NIL \"7bit\" 11 1 NIL NIL NIL NIL)"
                                + " \"alternative\" (\"boundary\" \"lf\") NIL NIL NIL)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodyStructures")
    void rendersTheBodyStructure(String file, String expected) {
        assertThat(ImapRenderer.bodyStructure(Corpus.parse(file).body())).isEqualTo(expected);
    }

    static Stream<Arguments> bodies() {
        return Stream.of(
                arguments("plain-text.eml", "(\"text\" \"plain\" (\"charset\" \"US-ASCII\") NIL NIL \"7bit\" 145 4)"),
                arguments("alternative.eml",
                        "((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 95 5)"
                                + "(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 137 2)"
                                + " \"alternative\")"),
                arguments("forwarded.eml",
                        "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 10 1)"
                                + "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 383"
                                + " (\"Tue, 05 Mar 2024 09:15:00 +0100\" \"Lunch on Friday?\""
                                + " ((\"Doe, Jane\" NIL \"jane\" \"example.com\"))"
                                + " ((\"Doe, Jane\" NIL \"jane\" \"example.com\"))"
                                + " ((\"Doe, Jane\" NIL \"jane\" \"example.com\"))"
                                + " ((\"Bob\" NIL \"bob\" \"example.org\")) NIL NIL NIL \"<alt-1@example.com>\")"
                                + " ((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 6 1)"
                                + "(\"text\" \"html\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 13 1) \"alternative\")"
                                + " 17) \"mixed\")"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void rendersTheNonExtensibleBody(String file, String expected) {
        assertThat(ImapRenderer.body(Corpus.parse(file).body())).isEqualTo(expected);
    }

    @Test
    void appliesTheRfc2045DefaultsWithoutContentType() {
        MimePart body = new MimeParser().parse(Corpus.crlf("Subject: no MIME\n\nhello\n")).body();

        assertThat(ImapRenderer.bodyStructure(body))
                .isEqualTo("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 7 1 NIL NIL NIL NIL)");
    }

    @Test
    void decodesTheAttachmentNameForDisplay() {
        MimePart attachment = Corpus.parse("mixed-attachment.eml").part("2").orElseThrow();

        assertThat(attachment.fileName()).isEqualTo("Quarterly report € Q1.pdf");
        assertThat(attachment.parameter("name")).isEqualTo("report.pdf");
        assertThat(attachment.language()).containsExactly("en", "de");
    }

    static Stream<Arguments> sizesAndLines() {
        return Stream.of(
                arguments("alternative.eml", "1", 95L, 5L),
                arguments("alternative.eml", "2", 137L, 2L),
                arguments("mixed-attachment.eml", "2", 160L, 3L),
                arguments("forwarded.eml", "2", 383L, 17L),
                arguments("forwarded.eml", "2.2", 13L, 1L),
                arguments("rfc3501-sections.eml", "4", 387L, 28L),
                arguments("rfc3501-sections.eml", "4.2.2", 111L, 9L),
                arguments("lf-only.eml", "1", 17L, 2L),
                arguments("missing-final-boundary.eml", "2", 27L, 1L));
    }

    @ParameterizedTest(name = "{0} part {1}")
    @MethodSource("sizesAndLines")
    void measuresSizeAndLines(String file, String partNumber, long size, long lines) {
        MimePart part = Corpus.parse(file).part(partNumber).orElseThrow();

        assertThat(part.size()).isEqualTo(size);
        assertThat(part.lines()).isEqualTo(lines);
    }

    @Test
    void theTotalSizeIsTheNumberOfOctets() {
        for (String file : new String[] {"plain-text.eml", "utf8-headers.eml", "lf-only.eml", "no-body-separator.eml"}) {
            assertThat(Corpus.parse(file).size()).as(file).isEqualTo(Corpus.bytes(file).length);
        }
    }
}
