package io.mailfleet.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.mailfleet.mime.imap.ImapRenderer;
import io.mailfleet.mime.model.MimePart;
import io.mailfleet.mime.model.ParsedMessage;

class LimitsTest {

    @Test
    void aHugeHeaderKeepsItsEnvelopeAndCapsTheIndex() {
        StringBuilder message = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            message.append("Received: from relay").append(i).append(".example.net (relay").append(i)
                    .append(".example.net [192.0.2.1]) by mx.example.com with ESMTP id ").append(i).append("\r\n");
        }
        message.append("From: sender@example.com\r\nSubject: After 5000 hops\r\n\r\nbody\r\n");
        byte[] bytes = message.toString().getBytes(StandardCharsets.US_ASCII);
        ParsedMessage parsed = new MimeParser().parse(bytes);

        assertThat(bytes.length).isGreaterThan(2 * MimeLimits.DEFAULTS.maxHeaderBytes());
        assertThat(parsed.envelope().subject()).isEqualTo("After 5000 hops");
        assertThat(parsed.headers().first("subject")).isEqualTo("After 5000 hops");
        assertThat(parsed.headers().complete()).isFalse();
        assertThat(parsed.truncated()).isTrue();
        List<String> received = parsed.headers().values("Received");
        assertThat(received).hasSizeBetween(1, 4_999);
        assertThat(received.stream().mapToInt(String::length).sum())
                .isLessThanOrEqualTo(MimeLimits.DEFAULTS.maxHeaderBytes() + 200);
        assertThat(Corpus.slice(bytes, parsed.textRange())).isEqualTo("body\r\n");
        assertThat(parsed.size()).isEqualTo(bytes.length);
    }

    @Test
    void aFieldLongerThanTheLimitIsCut() {
        String subject = "s".repeat(300 * 1024);
        ParsedMessage parsed = new MimeParser().parse(Corpus.crlf("Subject: " + subject + "\n\nx\n"));

        // The line is kept up to the limit, name included.
        assertThat(parsed.envelope().subject()).hasSize(MimeLimits.DEFAULTS.maxHeaderBytes() - "Subject: ".length());
        assertThat(parsed.truncated()).isTrue();
        assertThat(parsed.textRange().length()).isEqualTo(3);
    }

    @Test
    void nestingDeeperThanTheLimitBecomesOpaque() {
        int levels = 150;
        StringBuilder message = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            message.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i).append("\r\n");
        }
        message.append("Content-Type: text/plain\r\n\r\ndeepest\r\n");
        for (int i = levels - 1; i >= 0; i--) {
            message.append("--b").append(i).append("--\r\n");
        }
        byte[] bytes = message.toString().getBytes(StandardCharsets.US_ASCII);
        ParsedMessage parsed = new MimeParser().parse(bytes);

        MimePart part = parsed.body();
        int depth = 0;
        while (part.multipart()) {
            part = part.children().get(0);
            depth++;
        }
        assertThat(depth).isEqualTo(MimeLimits.DEFAULTS.maxDepth() - 1);
        assertThat(part.type() + "/" + part.subtype()).isEqualTo("application/octet-stream");
        assertThat(parsed.truncated()).isTrue();
        assertThat(parsed.size()).isEqualTo(bytes.length);
        assertThat(ImapRenderer.bodyStructure(parsed.body())).endsWith("\"mixed\" (\"boundary\" \"b0\") NIL NIL NIL)");
    }

    @Test
    void deeplyNestedMessagesStopAtTheLimitToo() {
        StringBuilder message = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            message.append("Subject: level ").append(i).append("\r\nContent-Type: message/rfc822\r\n\r\n");
        }
        message.append("Subject: innermost\r\n\r\ntext\r\n");
        ParsedMessage parsed = new MimeParser(new MimeLimits(1024, 1024 * 1024, 20, 100))
                .parse(message.toString().getBytes(StandardCharsets.US_ASCII));

        MimePart part = parsed.body();
        int depth = 0;
        while (part.message() != null) {
            part = part.message().body();
            depth++;
        }
        assertThat(depth).isEqualTo(19);
        assertThat(part.subtype()).isEqualTo("octet-stream");
        assertThat(parsed.part("1" + ".1".repeat(18))).isPresent();
    }

    @Test
    void partsBeyondTheLimitStayInTheirMultipartBody() {
        StringBuilder message = new StringBuilder("Content-Type: multipart/mixed; boundary=p\r\n\r\n");
        for (int i = 1; i <= 10_050; i++) {
            message.append("--p\r\n\r\npart ").append(i).append("\r\n");
        }
        message.append("--p--\r\n");
        byte[] bytes = message.toString().getBytes(StandardCharsets.US_ASCII);
        ParsedMessage parsed = new MimeParser().parse(bytes);

        // The multipart itself is one of the 10,000 parts.
        assertThat(parsed.body().children()).hasSize(MimeLimits.DEFAULTS.maxParts() - 1);
        assertThat(parsed.part("9999").map(part -> Corpus.slice(bytes, part.body()))).contains("part 9999");
        assertThat(parsed.part("10000")).isEmpty();
        assertThat(parsed.textRange().end()).isEqualTo(bytes.length);
        assertThat(parsed.truncated()).isTrue();
    }

    @Test
    void whenTheRetainedHeaderBudgetIsSpentLaterPartsGetDefaults() {
        byte[] bytes = Corpus.crlf("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html\n\nfirst\n"
                + "--b\nContent-Type: image/png\n\nsecond\n--b--\n");
        ParsedMessage parsed = new MimeParser(new MimeLimits(1024, 30, 100, 100)).parse(bytes);

        assertThat(parsed.part("1").orElseThrow().subtype()).isEqualTo("html");
        assertThat(parsed.part("2").orElseThrow().type()).isEqualTo("text");
        assertThat(parsed.truncated()).isTrue();
    }

    @Test
    void aVeryLongLineWithoutLineEndIsCountedNotKept() {
        byte[] head = "Subject: one line\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[head.length + 8 * 1024 * 1024];
        System.arraycopy(head, 0, bytes, 0, head.length);
        Arrays.fill(bytes, head.length, bytes.length, (byte) 'A');
        ParsedMessage parsed = new MimeParser().parse(bytes);

        assertThat(parsed.body().size()).isEqualTo(8 * 1024 * 1024);
        assertThat(parsed.body().lines()).isEqualTo(1);
        assertThat(parsed.truncated()).isFalse();
    }
}
