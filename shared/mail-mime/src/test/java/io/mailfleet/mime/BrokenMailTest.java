package io.mailfleet.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.mailfleet.mime.imap.ImapRenderer;
import io.mailfleet.mime.model.ByteRange;
import io.mailfleet.mime.model.MimePart;
import io.mailfleet.mime.model.ParsedMessage;

class BrokenMailTest {

    @Test
    void anOuterDelimiterClosesAnInnerMultipartThatNeverClosed() {
        ParsedMessage message = Corpus.parse("missing-final-boundary.eml");
        MimePart alternative = message.part("1").orElseThrow();

        assertThat(alternative.subtype()).isEqualTo("alternative");
        assertThat(alternative.children()).extracting(MimePart::subtype).containsExactly("plain", "html");
        assertThat(message.part("2").orElseThrow().body().end()).isEqualTo(message.size());
        assertThat(message.truncated()).isFalse();
    }

    @Test
    void aMultipartWhoseBoundaryNeverAppearsGetsOnePartHoldingItsBody() {
        ParsedMessage message = Corpus.parse("boundary-absent.eml");

        assertThat(ImapRenderer.bodyStructure(message.body())).isEqualTo(
                "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 71 2 NIL NIL NIL NIL)"
                        + " \"mixed\" (\"boundary\" \"never-used\") NIL NIL NIL)");
        assertThat(message.part("1").orElseThrow().body()).isEqualTo(message.textRange());
    }

    @Test
    void aMultipartWithoutBoundaryParameterIsTreatedTheSame() {
        ParsedMessage message = new MimeParser().parse(
                Corpus.crlf("Content-Type: multipart/mixed\n\n--x\nContent-Type: text/html\n\n<p>\n--x--\n"));

        assertThat(message.body().children()).hasSize(1);
        assertThat(message.part("1").orElseThrow().type()).isEqualTo("text");
        assertThat(message.part("1").orElseThrow().size()).isEqualTo(message.textRange().length());
    }

    @Test
    void reportsTheSizeOfBadlyEncodedContentAsItsEncodedOctets() {
        byte[] bytes = Corpus.bytes("bad-encoding.eml");
        ParsedMessage message = new MimeParser().parse(bytes);

        assertThat(ImapRenderer.bodyStructure(message.body())).isEqualTo(
                "((\"application\" \"octet-stream\" NIL NIL NIL \"base64\" 67 NIL NIL NIL NIL)"
                        + "(\"text\" \"plain\" (\"charset\" \"iso-8859-1\") NIL NIL \"quoted-printable\" 51 1 NIL NIL NIL NIL)"
                        + " \"mixed\" (\"boundary\" \"b\") NIL NIL NIL)");
        assertThat(Corpus.slice(bytes, message.part("1").orElseThrow().body()))
                .isEqualTo("!!!! this is not base64 at all ****\r\nSGVsbG8=garbage==after=padding");
    }

    @Test
    void ignoresHeaderLinesThatAreNotFields() {
        ParsedMessage message = Corpus.parse("header-without-colon.eml");

        assertThat(message.headers().fields()).containsOnlyKeys("from", "to", "subject", "content-type");
        assertThat(message.envelope().subject()).isEqualTo("Still parsed");
        assertThat(Corpus.slice(Corpus.bytes("header-without-colon.eml"), message.textRange())).isEqualTo("Body.\r\n");
    }

    @Test
    void aMessageWithoutBlankLineIsAllHeader() {
        ParsedMessage message = Corpus.parse("no-body-separator.eml");

        assertThat(message.headerRange()).isEqualTo(new ByteRange(0, 79));
        assertThat(message.body().size()).isZero();
        assertThat(message.body().lines()).isZero();
        assertThat(message.envelope().subject()).isEqualTo("No body separator");
    }

    @Test
    void anEmptyMessageIsAnEmptyTextPart() {
        ParsedMessage message = new MimeParser().parse(new byte[0]);

        assertThat(message.size()).isZero();
        assertThat(ImapRenderer.bodyStructure(message.body()))
                .isEqualTo("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0 NIL NIL NIL NIL)");
        assertThat(message.headers().fields()).isEmpty();
    }

    @Test
    void legacyEightBitHeadersAreReadAsLatin1() {
        byte[] bytes = "Subject: Gr\u00fc\u00dfe\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        ParsedMessage message = new MimeParser().parse(bytes);

        assertThat(message.envelope().subject()).isEqualTo("Grüße");
        // Sent as UTF-8 in a literal: 7 octets.
        assertThat(ImapRenderer.envelope(message.envelope())).startsWith("(NIL {7}\r\nGrüße NIL");
    }

    @Test
    void anInvalidContentTypeFallsBackToTextPlain() {
        ParsedMessage message = new MimeParser().parse(Corpus.crlf("Content-Type: garbage; charset=utf-8\n\nx\n"));

        assertThat(ImapRenderer.body(message.body()))
                .isEqualTo("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 3 1)");
    }

    @Test
    void aDelimiterRightAfterAPartHeaderGivesAnEmptyBody() {
        byte[] bytes = Corpus.crlf("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n--b--\n");
        ParsedMessage message = new MimeParser().parse(bytes);
        MimePart part = message.part("1").orElseThrow();

        // The line end before the delimiter is the delimiter's, as after a body.
        assertThat(Corpus.slice(bytes, part.mime())).isEqualTo("Content-Type: text/plain");
        assertThat(part.body().start()).isEqualTo(part.mime().end());
        assertThat(part.size()).isZero();
        assertThat(part.lines()).isZero();
    }

    @Test
    void aDelimiterWithTrailingTextIsNotADelimiter() {
        byte[] bytes = Corpus.crlf("Content-Type: multipart/mixed; boundary=b\n\n--b\n\none\n--bx\n--b \t\n\ntwo\n--b--  \n");
        ParsedMessage message = new MimeParser().parse(bytes);

        assertThat(message.body().children()).hasSize(2);
        assertThat(Corpus.slice(bytes, message.part("1").orElseThrow().body())).isEqualTo("one\r\n--bx");
        assertThat(Corpus.slice(bytes, message.part("2").orElseThrow().body())).isEqualTo("two");
    }

    @Test
    void aBase64EncodedMessagePartIsParsedAsFoundWithoutFailing() {
        byte[] bytes = Corpus.crlf("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\n"
                + "Content-Transfer-Encoding: base64\n\nRnJvbTogYUBiLmMNCg0KaGk=\n--b--\n");
        ParsedMessage message = new MimeParser().parse(bytes);
        MimePart part = message.part("1").orElseThrow();

        assertThat(part.message()).isNotNull();
        assertThat(part.message().envelope().from()).isEmpty();
        assertThat(ImapRenderer.bodyStructure(message.body())).startsWith("((\"message\" \"rfc822\" NIL NIL NIL \"base64\" 24 ");
    }

    @Test
    void readsTheSameFromAStreamThatTricklesOneOctetAtATime() throws IOException {
        byte[] bytes = Corpus.bytes("rfc3501-sections.eml");
        ParsedMessage whole = new MimeParser().parse(bytes);
        ParsedMessage trickled = new MimeParser().parse(new TrickleStream(bytes));

        assertThat(trickled).isEqualTo(whole);
    }

    @Test
    void aCrLfSplitAcrossReadBuffersIsStillOneLineEnd() {
        // The scanner reads 64 KiB at a time; put the CR of a delimiter's preceding line end last.
        String prefix = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\n";
        int fill = 64 * 1024 - 1 - prefix.length();
        byte[] bytes = (prefix + "x".repeat(fill) + "\r\n--b--\r\n").getBytes(StandardCharsets.US_ASCII);
        ParsedMessage message = new MimeParser().parse(bytes);

        assertThat(message.part("1").orElseThrow().size()).isEqualTo(fill);
        assertThat(message.part("1").orElseThrow().lines()).isEqualTo(1);
    }

    static Stream<String> corpus() {
        return Stream.of("plain-text.eml", "alternative.eml", "mixed-attachment.eml", "forwarded.eml", "eightbit.eml",
                "utf8-headers.eml", "encoded-words.eml", "group-addresses.eml", "missing-final-boundary.eml",
                "boundary-absent.eml", "bad-encoding.eml", "no-body-separator.eml", "header-without-colon.eml",
                "digest.eml", "rfc3501-sections.eml", "lf-only.eml");
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void everyCorpusMessageHasConsistentRanges(String file) {
        ParsedMessage message = Corpus.parse(file);

        assertThat(message.size()).isEqualTo(Corpus.bytes(file).length);
        assertConsistent(message.body(), new ByteRange(0, message.size()));
    }

    @Test
    void survivesRandomlyMangledMessagesWithConsistentRanges() {
        Random random = new Random(20240301L);
        List<byte[]> sources = corpus().map(Corpus::bytes).toList();
        for (int round = 0; round < 300; round++) {
            byte[] mangled = mangle(sources.get(random.nextInt(sources.size())), random);
            assertThatCode(() -> {
                ParsedMessage message = new MimeParser().parse(mangled);
                assertThat(message.size()).isEqualTo(mangled.length);
                assertConsistent(message.body(), new ByteRange(0, mangled.length));
                ImapRenderer.bodyStructure(message.body());
                ImapRenderer.envelope(message.envelope());
            }).as("round %d", round).doesNotThrowAnyException();
        }
    }

    // Each part's header and body follow each other inside the enclosing range, children in order.
    private static void assertConsistent(MimePart part, ByteRange enclosing) {
        assertThat(part.mime().end()).isEqualTo(part.body().start());
        assertThat(part.mime().start()).isGreaterThanOrEqualTo(enclosing.start());
        assertThat(part.body().end()).isLessThanOrEqualTo(enclosing.end());
        assertThat(part.lines()).isBetween(0L, Math.max(1, part.size()));
        long previousEnd = part.body().start();
        for (MimePart child : part.children()) {
            assertThat(child.mime().start()).isGreaterThanOrEqualTo(previousEnd);
            assertConsistent(child, part.body());
            previousEnd = child.body().end();
        }
        if (part.message() != null) {
            assertThat(part.message().body().mime().start()).isEqualTo(part.body().start());
            assertConsistent(part.message().body(), part.body());
        }
    }

    // Cuts, duplicates and splices lines, flips line ends and inserts delimiters and NULs.
    private static byte[] mangle(byte[] source, Random random) {
        List<String> lines = new ArrayList<>(List.of(new String(source, StandardCharsets.ISO_8859_1).split("(?<=\n)")));
        String[] inserts = {"--b\r\n", "--outer--\n", "--alt-boundary-42\r\n", "\r\n", "\n", "\r", "\0",
                "Content-Type: multipart/mixed; boundary=b\r\n", "Content-Type: message/rfc822\r\n", " folded\r\n",
                "\u00ff\u00fe\r\n", "=?utf-8?B?////?=\r\n", "Content-Disposition: a; f*0*=x'y'%; f*2=z\r\n"};
        int edits = 1 + random.nextInt(8);
        for (int i = 0; i < edits && !lines.isEmpty(); i++) {
            int at = random.nextInt(lines.size());
            switch (random.nextInt(4)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, lines.get(random.nextInt(lines.size())));
                case 2 -> lines.add(at, inserts[random.nextInt(inserts.length)]);
                default -> lines.set(at, lines.get(at).replace("\r\n", "\n"));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String joined = String.join("", lines);
        int cut = random.nextInt(5) == 0 ? random.nextInt(joined.length() + 1) : joined.length();
        out.writeBytes(joined.substring(0, cut).getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** Returns at most one octet per read, to cross every buffer boundary. */
    private static final class TrickleStream extends InputStream {
        private final byte[] bytes;
        private int next;

        TrickleStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return next < bytes.length ? bytes[next++] & 0xff : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (next >= bytes.length) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            buffer[offset] = bytes[next++];
            return 1;
        }
    }
}
