package io.mailfleet.mime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.regex.Pattern;

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
            "inline tags join their words|html|us-ascii|7bit|'<b>bold</b>face <i>it</i>alic'|boldface italic",
            "a comment with markup inside|html|us-ascii|7bit|'a<!-- <p>not shown</p> -->b'|ab",
            "an unterminated comment hides the rest|html|us-ascii|7bit|'shown<!-- <p>not shown'|shown",
            "script and style content that looks like markup|html|us-ascii|7bit|'x<script>document.write(\"<p>no</p>\")</script>y<style>p:after{content:\"<b>no</b>\"}</style>z'|xyz",
            "a script never closed|html|us-ascii|7bit|'<p>seen</p><script>if (a < b) { hidden()'|seen",
            "entities, named, numeric, bogus and unterminated|html|us-ascii|7bit|'&lt;tag&gt; &eacute;t&eacute; &#x263A; &#128512; &bogus; AT&T &amp'|<tag> été ☺ \uD83D\uDE00 &bogus; AT&T &",
            "unclosed tags and a tag cut off at the end|html|us-ascii|7bit|'<div><p>one<li>two<h1>three<a href=\"x'|one two three",
            "CDATA is a comment in HTML|html|us-ascii|7bit|'a<![CDATA[ <b>no</b> ]]>b'|ab",
            "template content is inert|html|us-ascii|7bit|'a<template><p>no</p></template>b'|ab",
            "head and title never shown|html|us-ascii|7bit|'<head><title>no</title><meta charset=utf-8></head>yes'|yes",
            "control characters and no-break spaces collapse|html|us-ascii|7bit|'a&nbsp;&nbsp;b&#9;&#10;c&#1;d'|a b c d",
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

    /**
     * The preview is what collapsing every run with a regular expression over the whole text, then
     * stripping and cutting it, gives: runs and ends at and around the 256th character, other Unicode
     * spaces (kept inside, stripped at the ends), surrogate pairs and control characters.
     */
    @Test
    void collapsingStopsAtThePreviewButGivesWhatTheWholeTextWould() {
        Pattern runs = Pattern.compile("[\\s\\p{Cc}\\u00a0]+");
        String[] pieces = {"a", "é", "\uD83D\uDE00", " ", "  ", "\t", "\r\n", "\u000b", "\u00a0", "\u0001", "\u2003", "\u3000", "\u0085"};
        Random random = new Random(8970);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(2) == 0 ? random.nextInt(20) : 240 + random.nextInt(40);
            for (int i = 0; i < length; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String expected = runs.matcher(text).replaceAll(" ").strip();
            if (expected.codePointCount(0, expected.length()) > PreviewText.MAX_CHARACTERS) {
                expected = expected.substring(0, expected.offsetByCodePoints(0, PreviewText.MAX_CHARACTERS));
            }
            assertThat(PreviewText.collapsedStart(text.toString())).as("preview of %s", text.toString().codePoints().boxed().toList())
                    .isEqualTo(expected);
        }
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

    @Test
    void aHugeHtmlDocumentCostsOnlyItsStart() {
        // 16 MiB of nested, never closed tags: the preview reads the first 32 KiB of the part, so the
        // parse allocates a bounded amount whatever follows, where parsing the whole document with
        // jsoup would allocate hundreds of megabytes.
        StringBuilder body = new StringBuilder("<html><body><p>First words</p>\r\n");
        String line = "<div><b><i><span>nested text</span>".repeat(20) + "\r\n";
        while (body.length() < 16 << 20) {
            body.append(line);
        }
        byte[] message = ("Subject: big\r\nContent-Type: text/html\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        String preview = new MimeParser().parse(message).preview();

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(preview).startsWith("First words nested text nested text");
        assertThat(preview.codePointCount(0, preview.length())).isEqualTo(256);
        assertThat(allocated).as("octets allocated by the parse").isLessThan(48L << 20);
    }

    private static String parse(String message) {
        return new MimeParser().parse(message.getBytes(StandardCharsets.UTF_8)).preview();
    }
}
