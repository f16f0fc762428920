package io.mailfleet.store.blob;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link BlobStore} does, written once and run against each backend. A backend's test
 * gives a store over an empty bucket and two ways to look behind the port.
 */
interface BlobStoreContract {

    /** Above the small-content threshold of the MinIO adapter, so both of its paths are covered. */
    int LARGE = (1 << 20) + 4093;

    BlobStore store();

    /** The name of every object the backend holds for {@link #store()}, temporary ones included. */
    List<String> storedNames();

    /** When the object under {@code key} was last written, to the backend's precision. */
    Instant lastWritten(BlobKey key);

    @Test
    default void smallContentRoundTrips() throws IOException {
        byte[] content = GeneratedContent.bytes(4096, 1);
        String sha256 = GeneratedContent.sha256Hex(content);

        BlobRef ref = store().put(new ByteArrayInputStream(content), content.length);

        assertThat(ref.size()).isEqualTo(4096);
        assertThat(ref.key().value()).isEqualTo("sha256/" + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256);
        assertThat(readAll(store().get(ref.key()))).isEqualTo(content);
        assertThat(storedNames()).containsExactly(ref.key().value());
    }

    @Test
    default void largeContentOfKnownSizeRoundTrips() throws IOException {
        byte[] content = GeneratedContent.bytes(LARGE, 2);

        BlobRef ref = store().put(new ByteArrayInputStream(content), content.length);

        assertThat(ref).isEqualTo(new BlobRef(BlobKey.forSha256(GeneratedContent.sha256Hex(content)), LARGE));
        assertThat(readAll(store().get(ref.key()))).isEqualTo(content);
        assertThat(storedNames()).containsExactly(ref.key().value());
    }

    /** Twenty mebibytes that never exist as one array, on either side. */
    @Test
    default void streamOfUnknownSizeRoundTrips() throws IOException {
        long size = (20L << 20) + 12345;
        String sha256 = GeneratedContent.sha256Hex(size, 3);

        BlobRef ref = store().put(new GeneratedContent(size, 3));

        assertThat(ref).isEqualTo(new BlobRef(BlobKey.forSha256(sha256), size));
        assertThat(GeneratedContent.sha256Hex(store().get(ref.key()))).isEqualTo(sha256);
        assertThat(store().size(ref.key())).isEqualTo(size);
        assertThat(storedNames()).containsExactly(ref.key().value());
    }

    @ParameterizedTest
    @ValueSource(ints = {10_000, LARGE})
    default void keyDependsOnTheContentOnly(int size) throws IOException {
        byte[] content = GeneratedContent.bytes(size, 4);

        BlobRef known = store().put(new ByteArrayInputStream(content), size);
        BlobRef unknown = store().put(new ByteArrayInputStream(content));

        assertThat(unknown).isEqualTo(known);
        assertThat(storedNames()).containsExactly(known.key().value());
    }

    @Test
    default void emptyContentRoundTrips() throws IOException {
        BlobRef ref = store().put(InputStream.nullInputStream());

        assertThat(ref.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(ref.size()).isZero();
        assertThat(readAll(store().get(ref.key()))).isEmpty();
        assertThat(store().put(InputStream.nullInputStream(), 0)).isEqualTo(ref);
    }

    @ParameterizedTest
    @ValueSource(ints = {4096, LARGE})
    default void identicalContentIsStoredOnce(int size) throws Exception {
        byte[] content = GeneratedContent.bytes(size, 5);
        BlobRef first = store().put(new ByteArrayInputStream(content), size);

        BlobRef second = store().put(new ByteArrayInputStream(content));

        assertThat(second).isEqualTo(first);
        assertThat(storedNames()).containsExactly(first.key().value());
        assertThat(readAll(store().get(first.key()))).isEqualTo(content);
    }

    /**
     * Large content is uploaded under a temporary name and copied only when its key is new; small
     * content may simply be written again, which costs one request and changes nothing readable.
     */
    @Test
    default void identicalLargeContentIsNotCopiedAgain() throws Exception {
        byte[] content = GeneratedContent.bytes(LARGE, 5);
        BlobRef first = store().put(new ByteArrayInputStream(content), LARGE);
        Instant written = lastWritten(first.key());
        // Last-modified times have one-second precision: a rewrite must land in a later second.
        Thread.sleep(1100);

        store().put(new ByteArrayInputStream(content));

        assertThat(lastWritten(first.key())).isEqualTo(written);
    }

    @Test
    default void knownSizeReadsExactlyThatManyOctets() throws IOException {
        for (int size : new int[] {100, LARGE}) {
            byte[] content = GeneratedContent.bytes(size + 10, size);
            InputStream in = new ByteArrayInputStream(content);

            BlobRef ref = store().put(in, size);

            assertThat(readAll(store().get(ref.key()))).isEqualTo(Arrays.copyOf(content, size));
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, size, size + 10));
        }
    }

    @Test
    default void contentShorterThanDeclaredFailsAndStoresNothing() {
        for (int size : new int[] {100, LARGE}) {
            InputStream in = new GeneratedContent(size - 1, 6);

            assertThatThrownBy(() -> store().put(in, size)).isInstanceOf(EOFException.class);
        }
        assertThat(storedNames()).isEmpty();
    }

    /** The caller must see its own failure, not an unavailable store: the store is fine. */
    @Test
    default void failureOfTheCallersStreamIsRethrownAndStoresNothing() {
        for (int before : new int[] {100, LARGE}) {
            IOException gone = new IOException("client went away after " + before);

            assertThatThrownBy(() -> store().put(new FailingContent(before, gone))).isSameAs(gone);
            assertThatThrownBy(() -> store().put(new FailingContent(before, gone), before + 1)).isSameAs(gone);
        }
        assertThat(storedNames()).isEmpty();
    }

    @Test
    default void rangedGetReturnsExactlyTheRequestedOctets() throws IOException {
        byte[] content = GeneratedContent.bytes(10_000, 8);
        BlobKey key = store().put(new ByteArrayInputStream(content), content.length).key();

        assertThat(readAll(store().get(key, 0, 1))).isEqualTo(Arrays.copyOfRange(content, 0, 1));
        assertThat(readAll(store().get(key, 1234, 100))).isEqualTo(Arrays.copyOfRange(content, 1234, 1334));
        assertThat(readAll(store().get(key, 9990, 10))).isEqualTo(Arrays.copyOfRange(content, 9990, 10_000));
        assertThat(readAll(store().get(key, 9990, 100))).isEqualTo(Arrays.copyOfRange(content, 9990, 10_000));
        assertThat(readAll(store().get(key, 0, Long.MAX_VALUE))).isEqualTo(content);
        assertThat(readAll(store().get(key, 5, Long.MAX_VALUE))).isEqualTo(Arrays.copyOfRange(content, 5, 10_000));
        assertThat(readAll(store().get(key, 10_000, 5))).isEmpty();
        assertThat(readAll(store().get(key, 20_000, 5))).isEmpty();
        assertThat(readAll(store().get(key, 5, 0))).isEmpty();
        assertThatThrownBy(() -> store().get(key, -1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().get(key, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void missingBlobIsNotFound() {
        BlobKey missing = BlobKey.forSha256(GeneratedContent.sha256Hex(new byte[] {42}));

        assertThat(store().exists(missing)).isFalse();
        assertThatThrownBy(() -> store().get(missing))
                .isInstanceOfSatisfying(BlobNotFoundException.class, e -> assertThat(e.key()).isEqualTo(missing));
        assertThatThrownBy(() -> store().get(missing, 0, 10)).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> store().get(missing, 0, 0)).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> store().size(missing)).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    default void deletedBlobIsGone() throws IOException {
        BlobRef ref = store().put(new GeneratedContent(3000, 9));
        assertThat(store().exists(ref.key())).isTrue();

        store().delete(ref.key());

        assertThat(store().exists(ref.key())).isFalse();
        assertThatThrownBy(() -> store().get(ref.key())).isInstanceOf(BlobNotFoundException.class);
        assertThat(storedNames()).isEmpty();
    }

    @Test
    default void deletingAMissingBlobIsFine() {
        BlobKey missing = BlobKey.forSha256(GeneratedContent.sha256Hex(new byte[] {43}));

        store().delete(missing);

        assertThat(store().exists(missing)).isFalse();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
