package io.mailfleet.pop3.gateway.maildrop;

import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.BlobRef;
import io.mailfleet.store.blob.BlobStore;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BodyCacheTest {

    private static final String KEY = "sha256/ab/cd/abcd" + "0".repeat(60);
    private static final String OTHER_KEY = "sha256/ef/01/ef01" + "0".repeat(60);

    private final Blobs blobs = new Blobs();

    @Test
    void aSmallBodyIsReadFromTheStoreOnceAndThenFromMemory() throws IOException {
        byte[] body = "Subject: hi\r\n\r\nbody\r\n".getBytes();
        blobs.content.put(KEY, body);
        BodyCache cache = new BodyCache(1024 * 1024);

        assertThat(read(cache.content(blobs, KEY, body.length))).isEqualTo(body);
        assertThat(read(cache.content(blobs, KEY, body.length))).isEqualTo(body);

        assertThat(blobs.reads).containsExactly(KEY);
    }

    @Test
    void aKeptBodyIsFoundWithoutTheStoreOnlyOnceItWasRead() throws IOException {
        byte[] body = "Subject: hi\r\n\r\nbody\r\n".getBytes();
        blobs.content.put(KEY, body);
        BodyCache cache = new BodyCache(1024 * 1024);

        assertThat(cache.kept(KEY)).isEmpty();
        read(cache.content(blobs, KEY, body.length));

        assertThat(cache.kept(KEY)).hasValue(body);
        assertThat(new BodyCache(0).kept(KEY)).as("the cache turned off").isEmpty();
        assertThat(blobs.reads).containsExactly(KEY);
    }

    @Test
    void aBodyOverTheLimitIsStreamedFromTheStoreEveryTime() throws IOException {
        byte[] body = new byte[BodyCache.MAX_BODY + 1];
        blobs.content.put(KEY, body);
        BodyCache cache = new BodyCache(1024 * 1024);

        assertThat(read(cache.content(blobs, KEY, body.length))).hasSize(body.length);
        assertThat(read(cache.content(blobs, KEY, body.length))).hasSize(body.length);

        assertThat(blobs.reads).containsExactly(KEY, KEY);
    }

    @Test
    void aBodyWhoseSizeIsNotTheListedOneIsGivenAsReadButNotKept() throws IOException {
        byte[] body = "longer than listed".getBytes();
        blobs.content.put(KEY, body);
        BodyCache cache = new BodyCache(1024 * 1024);

        // The caller (MessageChunks) sees one octet more than listed, and fails the transfer on it.
        assertThat(read(cache.content(blobs, KEY, 5))).hasSize(6);
        cache.content(blobs, KEY, 5).close();

        assertThat(blobs.reads).containsExactly(KEY, KEY);
    }

    @Test
    void theTotalSizeBoundsWhatIsKept() throws IOException {
        byte[] body = new byte[600];
        blobs.content.put(KEY, body);
        blobs.content.put(OTHER_KEY, body);
        BodyCache cache = new BodyCache(1000);

        for (int round = 0; round < 3; round++) {
            read(cache.content(blobs, KEY, body.length));
            read(cache.content(blobs, OTHER_KEY, body.length));
        }

        // Two bodies of 600 octets never fit in 1000 together: at least one of them is read again each round.
        assertThat(blobs.reads.size()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void sizeZeroTurnsTheCacheOff() throws IOException {
        byte[] body = "x".getBytes();
        blobs.content.put(KEY, body);
        BodyCache cache = new BodyCache(0);

        read(cache.content(blobs, KEY, body.length));
        read(cache.content(blobs, KEY, body.length));

        assertThat(blobs.reads).containsExactly(KEY, KEY);
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    /** Blobs in memory that count whole reads; nothing else is used here. */
    private static final class Blobs implements BlobStore {
        final Map<String, byte[]> content = new HashMap<>();
        final List<String> reads = new ArrayList<>();

        @Override
        public InputStream get(BlobKey key) {
            reads.add(key.value());
            return new ByteArrayInputStream(content.get(key.value()));
        }

        @Override
        public InputStream get(BlobKey key, long offset, long length) {
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
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean exists(BlobKey key) {
            throw new UnsupportedOperationException();
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
