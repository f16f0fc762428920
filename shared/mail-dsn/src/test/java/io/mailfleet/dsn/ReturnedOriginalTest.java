package io.mailfleet.dsn;

import static io.mailfleet.dsn.Fixtures.ORIGINAL_HEADER;
import static io.mailfleet.dsn.Fixtures.bounce;
import static io.mailfleet.dsn.Fixtures.crlf;
import static io.mailfleet.dsn.Fixtures.failed;
import static io.mailfleet.dsn.Fixtures.original;
import static io.mailfleet.dsn.Fixtures.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.mailfleet.mime.MimeParser;
import io.mailfleet.mime.model.ByteRange;
import io.mailfleet.model.event.BodyType;
import io.mailfleet.model.event.DsnReturn;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReturnedOriginalTest {

    private static final DeliveryReport FULL_BOUNCE = report(Optional.of(DsnReturn.FULL), failed());

    @Test
    void returnedHeadersAreTheOriginalsHeaderSectionOctetForOctet() throws Exception {
        byte[] original = original();
        DsnMessage dsn = Dsns.generate(bounce(), original);
        ParsedDsn parsed = ParsedDsn.of(dsn);

        // Our parser's header range ends with the empty line, which is not part of the header section.
        ByteRange header = new MimeParser().parse(original).headerRange();
        byte[] expected = Arrays.copyOfRange(original, 0, (int) header.end() - 2);
        assertThat(parsed.body(3)).isEqualTo(expected).isEqualTo(crlf(ORIGINAL_HEADER));
        Entity returned = ((Multipart) Dsns.mime4j(dsn).getBody()).getBodyParts().get(2);
        try (InputStream content = ((SingleBody) returned.getBody()).getInputStream()) {
            assertThat(content.readAllBytes()).isEqualTo(expected);
        }
        assertThat(parsed.text(1)).contains("The header section of your message is attached.");
    }

    @Test
    void retFullReturnsTheWholeMessage() {
        byte[] original = original();
        DsnMessage dsn = Dsns.generate(FULL_BOUNCE, original);
        ParsedDsn parsed = ParsedDsn.of(dsn);

        assertThat(parsed.body(3)).isEqualTo(original);
        assertThat(parsed.text(3)).endsWith("shall we have lunch on Friday?\r\n\r\nAlice\r\n");
        assertThat(parsed.part(3).message().envelope().subject()).isEqualTo("Lunch on Friday?");
        Message returned = (Message) ((Multipart) Dsns.mime4j(dsn).getBody()).getBodyParts().get(2).getBody();
        assertThat(returned.getSubject()).isEqualTo("Lunch on Friday?");
        assertThat(parsed.text(1)).contains("Your message is attached.");
    }

    @Test
    void anOriginalOverTheLimitIsReturnedAsItsHeaderSection() {
        byte[] original = crlf(ORIGINAL_HEADER + "\n" + "All work and no play.\n".repeat(100));
        DsnGenerator generator = new DsnGenerator(new DsnLimits(original.length - 1, 1024));
        ParsedDsn parsed = ParsedDsn.of(Dsns.generate(generator, FULL_BOUNCE, new ByteArrayInputStream(original)));

        assertThat(parsed.partTypes()).containsExactly("text/plain", "message/delivery-status", "text/rfc822-headers");
        assertThat(parsed.body(3)).isEqualTo(crlf(ORIGINAL_HEADER));
        assertThat(parsed.text(1)).contains("Your message is larger than " + (original.length - 1)
                + " octets, so only its header section is\r\nattached.");
    }

    @Test
    void anOriginalAtTheLimitIsReturnedWhole() {
        byte[] original = original();
        DsnGenerator generator = new DsnGenerator(new DsnLimits(original.length, 256));

        assertThat(ParsedDsn.of(Dsns.generate(generator, FULL_BOUNCE, new ByteArrayInputStream(original))).body(3))
                .isEqualTo(original);
    }

    static Stream<Arguments> headerSections() {
        String received = ORIGINAL_HEADER.substring(0, ORIGINAL_HEADER.indexOf("From:"));
        String receivedAndFrom = ORIGINAL_HEADER.substring(0, ORIGINAL_HEADER.indexOf("To:"));
        int twoFields = crlf(receivedAndFrom).length;
        return Stream.of(
                arguments("header and body", crlf(ORIGINAL_HEADER + "\nbody\n"), 1024, crlf(ORIGINAL_HEADER), false),
                arguments("header only, no empty line", crlf(ORIGINAL_HEADER), 1024, crlf(ORIGINAL_HEADER), false),
                arguments("empty header section", crlf("\nbody\n"), 1024, new byte[0], false),
                arguments("bare LF line ends", (ORIGINAL_HEADER + "\nbody\n").getBytes(StandardCharsets.UTF_8), 1024,
                        ORIGINAL_HEADER.getBytes(StandardCharsets.UTF_8), false),
                arguments("header section exactly at the limit", crlf(receivedAndFrom + "\nbody\n"), twoFields,
                        crlf(receivedAndFrom), false),
                arguments("cut after the last whole field", crlf(ORIGINAL_HEADER + "\nbody\n"), twoFields + 5,
                        crlf(receivedAndFrom), true),
                arguments("a folded field is not split", crlf(ORIGINAL_HEADER + "\nbody\n"), crlf(received).length + 20,
                        crlf(received), true),
                arguments("no whole field fits", crlf(ORIGINAL_HEADER + "\nbody\n"), 20, new byte[0], true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerSections")
    void theHeaderSectionEndsAtTheFirstEmptyLineOrTheLimit(String name, byte[] original, int maxHeader,
            byte[] expected, boolean cut) {
        DsnGenerator generator = new DsnGenerator(new DsnLimits(maxHeader + 1024, maxHeader));
        // A few octets per read, as from a slow network stream.
        ParsedDsn parsed = ParsedDsn.of(Dsns.generate(generator, bounce(), new TrickleInputStream(original)));

        assertThat(parsed.body(3)).isEqualTo(expected);
        assertThat(parsed.text(1).contains("cut after the last whole field that fits")).isEqualTo(cut);
    }

    @Test
    void onlyTheHeaderSectionIsReadForRetHdrs() {
        byte[] original = crlf(ORIGINAL_HEADER + "\n" + ("x".repeat(998) + "\n").repeat(5_000));
        CountingInputStream stream = new CountingInputStream(original);
        Dsns.generate(new DsnGenerator(), bounce(), stream);

        assertThat(stream.count).isLessThanOrEqualTo(16 * 1024).isLessThan(original.length);
    }

    @Test
    void atMostOneOctetPastTheLimitIsReadForRetFull() {
        byte[] original = crlf(ORIGINAL_HEADER + "\n" + ("x".repeat(998) + "\n").repeat(5_000));
        CountingInputStream stream = new CountingInputStream(original);
        Dsns.generate(new DsnGenerator(new DsnLimits(4096, 1024)), FULL_BOUNCE, stream);

        assertThat(stream.count).isEqualTo(4097);
    }

    @Test
    void anEightBitBodyIsReturnedAsEightBitWithoutGlobalTypes() {
        byte[] original = crlf(ORIGINAL_HEADER + "\nGrüße aus Köln\n");
        DsnMessage dsn = Dsns.generate(FULL_BOUNCE, original);
        ParsedDsn parsed = ParsedDsn.of(dsn);

        assertThat(parsed.part(3).subtype()).isEqualTo("rfc822");
        assertThat(parsed.part(3).encoding()).isEqualTo("8bit");
        assertThat(parsed.body(3)).isEqualTo(original);
        assertThat(parsed.parsed().headers().first("content-transfer-encoding")).isEqualTo("8bit");
        assertThat(dsn.bodyType()).isEqualTo(BodyType.EIGHT_BIT_MIME);
    }

    @Test
    void aBinaryOriginalIsReturnedAsItIsAndMarkedBinary() {
        byte[] original = (ORIGINAL_HEADER + "\nbare LF\nand a NUL \0 too\n").getBytes(StandardCharsets.UTF_8);
        DsnMessage dsn = Dsns.generate(FULL_BOUNCE, original);
        ParsedDsn parsed = ParsedDsn.of(dsn);

        assertThat(parsed.body(3)).isEqualTo(original);
        assertThat(parsed.part(3).encoding()).isEqualTo("binary");
        assertThat(dsn.bodyType()).isEqualTo(BodyType.BINARY_MIME);
    }

    /** Returns at most seven octets per read. */
    private static final class TrickleInputStream extends FilterInputStream {

        private int next = 1;

        TrickleInputStream(byte[] content) {
            super(new ByteArrayInputStream(content));
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
            next = next % 7 + 1;
            return super.read(buffer, offset, Math.min(length, next));
        }
    }

    private static final class CountingInputStream extends FilterInputStream {

        private long count;

        CountingInputStream(byte[] content) {
            super(new ByteArrayInputStream(content));
        }

        @Override
        public int read() throws java.io.IOException {
            int octet = super.read();
            count += octet < 0 ? 0 : 1;
            return octet;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
            int read = super.read(buffer, offset, length);
            count += Math.max(read, 0);
            return read;
        }
    }
}
