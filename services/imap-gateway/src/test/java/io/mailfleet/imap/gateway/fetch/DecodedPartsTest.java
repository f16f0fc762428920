package io.mailfleet.imap.gateway.fetch;

import io.mailfleet.mime.model.ByteRange;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.testing.RecordingBlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** BINARY's decoded parts (RFC 3516): one ranged read per part and command, memory bounded by the command's budget. */
class DecodedPartsTest {

    private static final String KEY = BlobKey.forSha256("ab".repeat(32)).value();

    private final RecordingBlobStore blobs = new RecordingBlobStore();
    private final DecodedParts parts = new DecodedParts(blobs);

    @AfterEach
    void noPartIsReadWhole() {
        assertThat(blobs.wholeReads()).as("BINARY reads parts by range, never the whole body").isEmpty();
    }

    @Test
    void aSmallPartIsDecodedOnceAndKeptForTheLiteral() throws Exception {
        ByteRange part = add(Base64.getMimeEncoder().encode("hello, binary".getBytes(StandardCharsets.US_ASCII)));

        DecodedParts.Decoded size = parts.of(KEY, part, "base64");
        DecodedParts.Decoded octets = parts.of(KEY, part, "BASE64");

        assertThat(size.size()).isEqualTo(13);
        assertThat(octets.octets()).asString(StandardCharsets.US_ASCII).isEqualTo("hello, binary");
        assertThat(rangesRead()).as("BINARY.SIZE and BINARY of one part: one ranged read").containsExactly(part);
    }

    @Test
    void aPartLargerThanTheBudgetIsCountedNotKept() throws Exception {
        byte[] decoded = new byte[DecodedParts.BUDGET + 1];
        ByteRange part = add(Base64.getMimeEncoder().encode(decoded));

        DecodedParts.Decoded result = parts.of(KEY, part, "base64");

        assertThat(result.size()).isEqualTo(decoded.length);
        assertThat(result.octets()).as("streamed by a second read instead").isNull();
        assertThat(rangesRead()).hasSize(1);
    }

    @Test
    void theBudgetIsSharedByTheCommandsParts() throws Exception {
        byte[] decoded = new byte[DecodedParts.BUDGET / 2 + 1];
        ByteRange first = add(Base64.getMimeEncoder().encode(decoded));
        ByteRange second = add(Base64.getMimeEncoder().encode(decoded));
        ByteRange small = add("caf=C3=A9 =3D=\r\n ok".getBytes(StandardCharsets.US_ASCII));

        assertThat(parts.of(KEY, first, "base64").octets()).hasSize(decoded.length);
        assertThat(parts.of(KEY, second, "base64").octets()).isNull();
        DecodedParts.Decoded quotedPrintable = parts.of(KEY, small, "quoted-printable");

        assertThat(parts.of(KEY, second, "base64").size()).isEqualTo(decoded.length);
        assertThat(quotedPrintable.octets()).asString(StandardCharsets.UTF_8).isEqualTo("café = ok");
        assertThat(rangesRead()).containsExactly(first, second, small);
    }

    /** A part at the end of the one blob, and where it is. */
    private ByteRange add(byte[] part) {
        long start = blobs.append(KEY, part);
        return new ByteRange(start, start + part.length);
    }

    private List<ByteRange> rangesRead() {
        return blobs.rangedReads().stream().map(read -> new ByteRange(read.offset(), read.offset() + read.length())).toList();
    }
}
