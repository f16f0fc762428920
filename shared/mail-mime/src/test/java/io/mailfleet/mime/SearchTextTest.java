package io.mailfleet.mime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The text SEARCH BODY looks in: every text part decoded, HTML as text, enclosed headers, file names; folded and bounded. */
class SearchTextTest {

    private static final String TOP = "From: a@example.com\r\nSubject: headline\r\nMIME-Version: 1.0\r\n";

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of("base64 body in ISO-8859-1",
                        TOP + "Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                                + "R3L832UgYXVzIEv2bG4sIFr8cmljaA0K\r\n",
                        List.of("grüße aus köln", "ZÜRICH"), List.of("R3L8", "headline")),
                Arguments.of("quoted-printable UTF-8 with a soft line break",
                        TOP + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                                + "Caf=C3=A9 cr=C3=A8me br=C3=BB=\r\nl=C3=A9e\r\n",
                        List.of("café crème brûlée", "CAFÉ"), List.of("=C3", "br=")),
                Arguments.of("HTML part with entities",
                        TOP + "Content-Type: text/html; charset=us-ascii\r\n\r\n"
                                + "<html><head><title>hidden title</title><style>p{color:red}</style></head>"
                                + "<body><p>Fish &amp; Chips &eacute;t&eacute; &#x263A; <b>bold</b>face</p></body></html>\r\n",
                        List.of("fish & chips été ☺ boldface"), List.of("&amp;", "<p>", "color:red", "hidden title")),
                Arguments.of("multipart/alternative: both parts",
                        TOP + "Content-Type: multipart/alternative; boundary=b1\r\n\r\n"
                                + "--b1\r\nContent-Type: text/plain\r\n\r\nplain alternative\r\n"
                                + "--b1\r\nContent-Type: text/html\r\n\r\n<div>html&nbsp;alternative</div>\r\n--b1--\r\n",
                        List.of("plain alternative", "html alternative"), List.of("<div>", "b1")),
                Arguments.of("attachment name in RFC 2231 encoding, its binary body left out",
                        TOP + "Content-Type: multipart/mixed; boundary=b2\r\n\r\n"
                                + "--b2\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
                                + "--b2\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
                                + "Content-Disposition: attachment;\r\n filename*0*=iso-8859-1''R%E9sum%E9;\r\n filename*1=\".pdf\"\r\n\r\n"
                                + "JVBERi0xLjQK\r\n--b2--\r\n",
                        List.of("see attached", "résumé.pdf"), List.of("%pdf", "jvber")),
                Arguments.of("nested message/rfc822: its header and its base64 body",
                        TOP + "Content-Type: multipart/mixed; boundary=b3\r\n\r\n"
                                + "--b3\r\nContent-Type: text/plain\r\n\r\nforwarding this\r\n"
                                + "--b3\r\nContent-Type: message/rfc822\r\n\r\n"
                                + "From: inner@example.org\r\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\n"
                                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                                + "TmVzdGVkIGJhc2U2NCB0cmVhc3VyZQ0K\r\n--b3--\r\n",
                        List.of("forwarding this", "subject: grüsse", "inner@example.org", "nested base64 treasure"),
                        List.of("=?utf-8?", "TmVzdGVk")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void theDecodedTextIsFoundAndTheEncodedIsNot(String name, String message, List<String> found, List<String> notFound) {
        String text = new MimeParser().parse(message.getBytes(StandardCharsets.UTF_8)).searchText();

        assertThat(text).isNotNull();
        for (String needle : found) {
            assertThat(text).contains(SearchText.fold(needle));
        }
        for (String needle : notFound) {
            assertThat(text).doesNotContain(SearchText.fold(needle));
        }
    }

    static Stream<Arguments> foldings() {
        return Stream.of(
                Arguments.of("ASCII case", "Hello WORLD", "hello world"),
                Arguments.of("sharp s as SS", "Straße", "strasse"),
                Arguments.of("ligature", "ﬁle", "file"),
                Arguments.of("final sigma as sigma", "ΟΔΟΣ", "οδοσ"),
                Arguments.of("decomposed é composed", "Cafe\u0301", "caf\u00e9"),
                Arguments.of("Cyrillic", "ПРИВЕТ", "привет"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("foldings")
    void foldsCaseAndComposition(String name, String text, String folded) {
        assertThat(SearchText.fold(text)).isEqualTo(folded);
    }

    @Test
    void theTopLevelHeaderIsNotBodyText() {
        String text = new MimeParser().parse((TOP + "\r\nbody words\r\n").getBytes(StandardCharsets.US_ASCII)).searchText();

        assertThat(text).contains("body words").doesNotContain("headline");
    }

    @Test
    void aMessagePastTheCharacterBoundHasNoText() {
        String line = "x".repeat(998) + "\r\n";
        int lines = SearchText.MAX_CHARACTERS / 1000 + 2;
        String message = TOP + "\r\n" + line.repeat(lines);

        assertThat(new MimeParser().parse(message.getBytes(StandardCharsets.US_ASCII)).searchText()).isNull();
        assertThat(new MimeParser().parse((TOP + "\r\n" + line.repeat(lines / 2)).getBytes(StandardCharsets.US_ASCII))
                .searchText()).hasSizeGreaterThan(SearchText.MAX_CHARACTERS / 2);
    }

    @Test
    void aTextLineLongerThanTheParserKeepsLeavesNoText() {
        String message = TOP + "\r\n" + "y".repeat(5000) + "\r\n";

        assertThat(new MimeParser().parse(message.getBytes(StandardCharsets.US_ASCII)).searchText()).isNull();
    }

    @Test
    void aLongLineOutsideTextPartsDoesNotMatter() {
        String message = TOP + "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nshort text\r\n"
                + "--b\r\nContent-Type: application/octet-stream\r\n\r\n" + "z".repeat(5000) + "\r\n--b--\r\n";

        assertThat(new MimeParser().parse(message.getBytes(StandardCharsets.US_ASCII)).searchText()).contains("short text");
    }
}
