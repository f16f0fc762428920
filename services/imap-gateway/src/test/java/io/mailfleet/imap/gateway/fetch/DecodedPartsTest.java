package io.mailfleet.imap.gateway.fetch;

import io.mailfleet.mime.model.ByteRange;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.BlobRef;
import io.mailfleet.store.blob.BlobStore;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** BINARY's decoded parts (RFC 3516): one ranged read per part and command, memory bounded by the command's budget. */
class DecodedPartsTest {

    private static final String KEY = BlobKey.forSha256("ab".repeat(32)).value();

    private final OneBlob blob = new OneBlob();
    private final DecodedParts parts = new DecodedParts(blob);

    @Test
    void aSmallPartIsDecodedOnceAndKeptForTheLiteral() throws Exception {
        ByteRange part = blob.add(Base64.getMimeEncoder().encode("hello, binary".getBytes(StandardCharsets.US_ASCII)));

        DecodedParts.Decoded size = parts.of(KEY, part, "base64");
        DecodedParts.Decoded octets = parts.of(KEY, part, "BASE64");

        assertThat(size.size()).isEqualTo(13);
        assertThat(octets.octets()).asString(StandardCharsets.US_ASCII).isEqualTo("hello, binary");
        assertThat(blob.reads).as("BINARY.SIZE and BINARY of one part: one ranged read").containsExactly(part);
    }

    @Test
    void aPartLargerThanTheBudgetIsCountedNotKept() throws Exception {
        byte[] decoded = new byte[DecodedParts.BUDGET + 1];
        ByteRange part = blob.add(Base64.getMimeEncoder().encode(decoded));

        DecodedParts.Decoded result = parts.of(KEY, part, "base64");

        assertThat(result.size()).isEqualTo(decoded.length);
        assertThat(result.octets()).as("streamed by a second read instead").isNull();
        assertThat(blob.reads).hasSize(1);
    }

    @Test
    void theBudgetIsSharedByTheCommandsParts() throws Exception {
        byte[] decoded = new byte[DecodedParts.BUDGET / 2 + 1];
        ByteRange first = blob.add(Base64.getMimeEncoder().encode(decoded));
        ByteRange second = blob.add(Base64.getMimeEncoder().encode(decoded));
        ByteRange small = blob.add("caf=C3=A9 =3D=\r\n ok".getBytes(StandardCharsets.US_ASCII));

        assertThat(parts.of(KEY, first, "base64").octets()).hasSize(decoded.length);
        assertThat(parts.of(KEY, second, "base64").octets()).isNull();
        DecodedParts.Decoded quotedPrintable = parts.of(KEY, small, "quoted-printable");

        assertThat(parts.of(KEY, second, "base64").size()).isEqualTo(decoded.length);
        assertThat(quotedPrintable.octets()).asString(StandardCharsets.UTF_8).isEqualTo("café = ok");
        assertThat(blob.reads).containsExactly(first, second, small);
    }

    /** One blob, grown part by part, recording the ranges read. */
    private static final class OneBlob implements BlobStore {
        private final java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
        final List<ByteRange> reads = new ArrayList<>();

        ByteRange add(byte[] part) {
            long start = content.size();
            content.writeBytes(part);
            return new ByteRange(start, content.size());
        }

        @Override
        public InputStream get(BlobKey key, long offset, long length) {
            reads.add(new ByteRange(offset, offset + length));
            return new ByteArrayInputStream(content.toByteArray(), (int) offset, (int) length);
        }

        @Override
        public InputStream get(BlobKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BlobRef put(InputStream in, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BlobRef put(InputStream in) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long size(BlobKey key) {
            return content.size();
        }

        @Override
        public boolean exists(BlobKey key) {
            return true;
        }

        @Override
        public void delete(BlobKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
