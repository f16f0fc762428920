package io.mailfleet.mime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The preview text of RFC 8970 §3: from the first text part, decoded, as a reader sees it, at most 256 characters. */
class PreviewTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "whitespace collapsed|plain|us-ascii|7bit|'Hello\r\n   world\t\r\n\r\n'|Hello world",
            "quoted-printable with a soft break|plain|utf-8|quoted-printable|'caf=C3=A9 au =\r\nlait\r\n'|café au lait",
            "base64|plain|utf-8|base64|'SGVsbG8s\r\nIHdvcmxk\r\n'|Hello, world",
            "unknown charset read as UTF-8|plain|x-unknown|8bit|'plain text'|plain text",
            "HTML without head, style, script and comments|html|utf-8|7bit|'<html><head><title>T</title><style>p {color: red}</style></head><body><!-- hidden --><p>Hi &amp; bye&nbsp;&#233;&#x21;</p><script>run()</script></body></html>'|Hi & bye é!",
            "HTML tags become spaces|html|us-ascii|7bit|'<p>one</p><p>two<br>three</p>'|one two three",
            "no text|plain|us-ascii|7bit|'\r\n \r\n'|''",
    })
    void previewsTheText(String name, String subtype, String charset, String encoding, String body, String preview) {
        assertThat(PreviewText.of(subtype, charset, encoding, body.getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo(preview.equals("''") ? "" : preview);
    }

    @Test
    void theCharsetOfThePartIsUsed() {
        byte[] latin1 = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(PreviewText.of("plain", "ISO-8859-1", "8bit", latin1)).isEqualTo("café");
    }

    @Test
    void atMost256Characters() {
        String body = "\uD83D\uDE00".repeat(300);
        String preview = PreviewText.of("plain", "utf-8", "8bit", body.getBytes(StandardCharsets.UTF_8));
        assertThat(preview.codePointCount(0, preview.length())).isEqualTo(256);
    }

    @Test
    void aMessageIsPreviewedFromItsFirstTextPartThatIsNotAnAttachment() {
        String message = "Subject: parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n"
                + "--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=notes.txt\r\n\r\nthe attachment\r\n"
                + "--b\r\nContent-Type: multipart/alternative; boundary=c\r\n\r\n"
                + "--c\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "The =E2=80=9Cplain=E2=80=9D text\r\n"
                + "--c\r\nContent-Type: text/html\r\n\r\n<p>The html text</p>\r\n--c--\r\n--b--\r\n";
        assertThat(parse(message)).isEqualTo("The \u201Cplain\u201D text");
    }

    @Test
    void aMessageWithoutTextHasAnEmptyPreview() {
        String message = "Subject: picture\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n";
        assertThat(parse(message)).isEmpty();
    }

    @Test
    void aMessageWithoutContentTypeIsPlainText() {
        assertThat(parse("Subject: hi\r\n\r\nSee you\r\nat noon.\r\n")).isEqualTo("See you at noon.");
    }

    private static String parse(String message) {
        return new MimeParser().parse(message.getBytes(StandardCharsets.UTF_8)).preview();
    }
}
