package io.mailfleet.pop3.gateway.maildrop;

import io.mailfleet.store.testing.RecordingBlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

class BodyCacheTest {

    private static final String KEY = "sha256/ab/cd/abcd" + "0".repeat(60);
    private static final String OTHER_KEY = "sha256/ef/01/ef01" + "0".repeat(60);

    private final RecordingBlobStore blobs = new RecordingBlobStore();

    @AfterEach
    void bodiesAreReadWhole() {
        assertThat(blobs.rangedReads()).as("POP3 sends whole bodies: no ranged read").isEmpty();
    }

    @Test
    void aSmallBodyIsReadFromTheStoreOnceAndThenFromMemory() throws IOException {
        byte[] body = "Subject: hi\r\n\r\nbody\r\n".getBytes();
        blobs.append(KEY, body);
        BodyCache cache = new BodyCache(1024 * 1024);

        assertThat(read(cache.content(blobs, KEY, body.length))).isEqualTo(body);
        assertThat(read(cache.content(blobs, KEY, body.length))).isEqualTo(body);

        assertThat(blobs.wholeReads()).containsExactly(KEY);
    }

    @Test
    void aKeptBodyIsFoundWithoutTheStoreOnlyOnceItWasRead() throws IOException {
        byte[] body = "Subject: hi\r\n\r\nbody\r\n".getBytes();
        blobs.append(KEY, body);
        BodyCache cache = new BodyCache(1024 * 1024);

        assertThat(cache.kept(KEY)).isEmpty();
        read(cache.content(blobs, KEY, body.length));

        assertThat(cache.kept(KEY)).hasValue(body);
        assertThat(new BodyCache(0).kept(KEY)).as("the cache turned off").isEmpty();
        assertThat(blobs.wholeReads()).containsExactly(KEY);
    }

    @Test
    void aBodyOverTheLimitIsStreamedFromTheStoreEveryTime() throws IOException {
        byte[] body = new byte[BodyCache.MAX_BODY + 1];
        blobs.append(KEY, body);
        BodyCache cache = new BodyCache(1024 * 1024);

        assertThat(read(cache.content(blobs, KEY, body.length))).hasSize(body.length);
        assertThat(read(cache.content(blobs, KEY, body.length))).hasSize(body.length);

        assertThat(blobs.wholeReads()).containsExactly(KEY, KEY);
    }

    @Test
    void aBodyWhoseSizeIsNotTheListedOneIsGivenAsReadButNotKept() throws IOException {
        byte[] body = "longer than listed".getBytes();
        blobs.append(KEY, body);
        BodyCache cache = new BodyCache(1024 * 1024);

        // The caller (MessageChunks) sees one octet more than listed, and fails the transfer on it.
        assertThat(read(cache.content(blobs, KEY, 5))).hasSize(6);
        cache.content(blobs, KEY, 5).close();

        assertThat(blobs.wholeReads()).containsExactly(KEY, KEY);
    }

    @Test
    void theTotalSizeBoundsWhatIsKept() throws IOException {
        byte[] body = new byte[600];
        blobs.append(KEY, body);
        blobs.append(OTHER_KEY, body);
        BodyCache cache = new BodyCache(1000);

        for (int round = 0; round < 3; round++) {
            read(cache.content(blobs, KEY, body.length));
            read(cache.content(blobs, OTHER_KEY, body.length));
        }

        // Two bodies of 600 octets never fit in 1000 together: at least one of them is read again each round.
        assertThat(blobs.wholeReads().size()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void sizeZeroTurnsTheCacheOff() throws IOException {
        byte[] body = "x".getBytes();
        blobs.append(KEY, body);
        BodyCache cache = new BodyCache(0);

        read(cache.content(blobs, KEY, body.length));
        read(cache.content(blobs, KEY, body.length));

        assertThat(blobs.wholeReads()).containsExactly(KEY, KEY);
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
