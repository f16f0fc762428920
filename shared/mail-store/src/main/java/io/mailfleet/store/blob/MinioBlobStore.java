package io.mailfleet.store.blob;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * {@link BlobStore} on any S3 API through the MinIO client.
 *
 * <p>A put must hash the content before it knows the key. Content up to {@value #SMALL_BLOB_MAX}
 * octets, most mail, is read into memory, hashed and written under its key with one request, without
 * asking first whether the key exists: a put of the same octets under the same key changes nothing
 * but the object's date, and a HEAD before each PUT would double the round trips of every new
 * message for the rare duplicate. Larger content is
 * streamed to a temporary object under {@value #TEMP_PREFIX} while it is hashed, then copied on the
 * server to its key unless that key exists already, and the temporary object is deleted. S3 writes
 * are atomic, so a key never shows partial content.
 *
 * <p>Memory per put stays near {@value #SMALL_BLOB_MAX} octets plus one multipart part of
 * {@value #PART_SIZE} octets, buffered to sign it, whatever the content size. Every put and copy runs
 * on the caller's thread ({@link CallerThreadPutClient}), never on a thread of the MinIO client's
 * own, so the caller's executor bounds the threads that puts take, large ones included.
 *
 * <p>With {@link BlobPins}, a put pins the key once it knows it, so that a collector cannot delete
 * content that was found already stored. Streamed content is pinned before the server copies it to
 * its key or checks whether it exists. Content held in memory is pinned while its one PUT is under
 * way, which saves the pin's round trips on the way to a stored body: if the pin had to wait out a
 * deletion, which may have removed what the PUT wrote, the content is put again once it is pinned.
 * A caller that knows its content to be new can pin it itself, before it is written:
 * {@link #put(InputStream, FirstPin)}.
 */
public final class MinioBlobStore implements BlobStore {

    static final int SMALL_BLOB_MAX = 1 << 20;
    static final int PART_SIZE = 8 << 20;
    static final String TEMP_PREFIX = "tmp/";
    private static final String BLOB_PREFIX = "sha256/";

    /** Another instance created the bucket between our check and our request: just as good. */
    private static final Set<String> BUCKET_EXISTS_CODES = Set.of("BucketAlreadyOwnedByYou", "BucketAlreadyExists");
    private static final System.Logger LOG = System.getLogger(MinioBlobStore.class.getName());

    private final MinioBlobStoreConfig config;
    private final OkHttpClient http;
    private final MinioClient client;
    /** The same server, for puts and copies made on the caller's thread. */
    private final CallerThreadPutClient puts;
    private final Optional<BlobPins> pins;

    MinioBlobStore(MinioBlobStoreConfig config, OkHttpClient http) {
        this(config, http, Optional.empty());
    }

    MinioBlobStore(MinioBlobStoreConfig config, OkHttpClient http, Optional<BlobPins> pins) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = Objects.requireNonNull(http, "http");
        this.pins = pins;
        this.client = MinioClient.builder()
                .endpoint(config.endpoint().toString())
                .region(config.region())
                .credentials(config.accessKey(), config.secretKey())
                .httpClient(http)
                .build();
        this.puts = new CallerThreadPutClient(MinioAsyncClient.builder()
                .endpoint(config.endpoint().toString())
                .region(config.region())
                .credentials(config.accessKey(), config.secretKey())
                .httpClient(http)
                .build());
    }

    /** A store that has not talked to the server yet; see {@link #ensureBucket()}. */
    public static MinioBlobStore create(MinioBlobStoreConfig config) {
        return new MinioBlobStore(config, httpClient(config));
    }

    /** A store that pins every blob it puts, for a bucket where a collector runs. */
    public static MinioBlobStore create(MinioBlobStoreConfig config, BlobPins pins) {
        return new MinioBlobStore(config, httpClient(config), Optional.of(pins));
    }

    /** A store whose bucket exists. */
    public static MinioBlobStore open(MinioBlobStoreConfig config) {
        MinioBlobStore store = create(config);
        try {
            store.ensureBucket();
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * No call timeout: a body streams for as long as its reader reads, so only stalls are bounded.
     */
    static OkHttpClient httpClient(MinioBlobStoreConfig config) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(config.maxConcurrentRequests());
        dispatcher.setMaxRequestsPerHost(config.maxConcurrentRequests());
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .writeTimeout(config.writeTimeout())
                .build();
    }

    /** Creates the bucket if it is missing; safe when several instances start at once. */
    public void ensureBucket() {
        MinioCalls.call("create bucket " + config.bucket(), null, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(config.bucket()).build());
                } catch (ErrorResponseException e) {
                    if (!BUCKET_EXISTS_CODES.contains(e.errorResponse().code())) {
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    @Override
    public BlobRef put(InputStream content, long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("size < 0: " + size);
        }
        ContentSource source = new ContentSource(content, size);
        if (size <= SMALL_BLOB_MAX) {
            return putSmall(source.readAllBytes(), source);
        }
        return putStreamed(source, source);
    }

    @Override
    public BlobRef put(InputStream content) throws IOException {
        ContentSource source = new ContentSource(content, ContentSource.UNKNOWN_SIZE);
        // One octet past the limit tells whether the content is small without reading it all.
        byte[] head = source.readNBytes(SMALL_BLOB_MAX + 1);
        if (head.length <= SMALL_BLOB_MAX) {
            return putSmall(head, source);
        }
        return putStreamed(new SequenceInputStream(new ByteArrayInputStream(head), source), source);
    }

    /**
     * Pins a blob whose content no earlier put can have stored, before the put writes it: see
     * {@link NewBlobPins}.
     */
    @FunctionalInterface
    public interface FirstPin {

        /**
         * Called with the key and the octets of content held in memory, before anything is written under
         * the key. Returns whether it pinned the blob durably; if not, the put pins it as every put does.
         */
        boolean pinned(BlobRef ref, byte[] content);
    }

    /**
     * Like {@link #put(InputStream)}, but content held in memory is first offered to {@code first}, which
     * may pin it before it is written; content streamed through a temporary object is pinned as every
     * put pins it, without {@code first}.
     */
    public BlobRef put(InputStream content, FirstPin first) throws IOException {
        ContentSource source = new ContentSource(content, ContentSource.UNKNOWN_SIZE);
        byte[] head = source.readNBytes(SMALL_BLOB_MAX + 1);
        if (head.length > SMALL_BLOB_MAX) {
            return putStreamed(new SequenceInputStream(new ByteArrayInputStream(head), source), source);
        }
        BlobRef ref = new BlobRef(BlobKey.forSha256(source.sha256Hex()), head.length);
        if (!first.pinned(ref, head)) {
            return putSmall(head, source);
        }
        awaitPut(ref.key().value(), startPut(ref.key().value(), head));
        return ref;
    }

    /**
     * Stores content held in memory, pinned by {@code pin} instead of this store's own pins, while its one PUT is
     * under way: for a caller whose pin writes more than the pin (the blob's parsed content) in the same write. The
     * content is put again if {@code pin} waited out a deletion.
     */
    public BlobRef put(byte[] content, BlobPins pin) throws IOException {
        ContentSource source = new ContentSource(new ByteArrayInputStream(content), content.length);
        return putSmall(source.readAllBytes(), source, Optional.of(pin));
    }

    private BlobRef putSmall(byte[] content, ContentSource source) {
        return putSmall(content, source, pins);
    }

    private BlobRef putSmall(byte[] content, ContentSource source, Optional<BlobPins> pins) {
        BlobRef ref = new BlobRef(BlobKey.forSha256(source.sha256Hex()), content.length);
        String object = ref.key().value();
        if (pins.isEmpty()) {
            awaitPut(object, startPut(object, content));
            return ref;
        }
        CompletableFuture<ObjectWriteResponse> put = startPut(object, content);
        boolean deletedMeanwhile = pins.get().pin(ref.key());
        awaitPut(object, put);
        if (deletedMeanwhile) {
            awaitPut(object, startPut(object, content));
        }
        return ref;
    }

    private CompletableFuture<ObjectWriteResponse> startPut(String object, byte[] content) {
        return MinioCalls.call("put " + object, null, () -> puts.put(config.bucket(), config.region(), object, content));
    }

    private static void awaitPut(String object, CompletableFuture<ObjectWriteResponse> put) {
        MinioCalls.call("put " + object, null, () -> MinioCalls.await(put));
    }

    /** {@code body} yields the content, all of it read through {@code source}, which hashes it. */
    private BlobRef putStreamed(InputStream body, ContentSource source) throws IOException {
        String temp = TEMP_PREFIX + UUID.randomUUID();
        try {
            upload(temp, body);
        } catch (BlobStoreUnavailableException e) {
            // A failed upload leaves no object (its multipart upload is aborted), so nothing to delete.
            source.rethrowFailure();
            throw e;
        }
        try {
            BlobRef ref = new BlobRef(BlobKey.forSha256(source.sha256Hex()), source.count());
            pins.ifPresent(p -> p.pin(ref.key()));
            // Two instances storing the same content at once may both copy: same octets, same result.
            if (!exists(ref.key())) {
                copy(temp, ref.key());
            }
            return ref;
        } finally {
            deleteTemporary(temp);
        }
    }

    private void upload(String object, InputStream body) {
        MinioCalls.call("put " + object, null, () -> {
            puts.putInParts(config.bucket(), config.region(), object, body, PART_SIZE);
            return null;
        });
    }

    private void copy(String temp, BlobKey key) {
        MinioCalls.call("copy " + temp + " to " + key, null, () -> {
            puts.copy(config.bucket(), config.region(), temp, key.value());
            return null;
        });
    }

    /**
     * A failure here must not fail a put whose blob is stored: the object is left for the bucket's
     * lifecycle rule on {@value #TEMP_PREFIX}, and the log says so.
     */
    private void deleteTemporary(String temp) {
        try {
            removeObject(temp);
        } catch (BlobStoreUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "temporary object " + temp + " left behind: " + e.getMessage());
        }
    }

    @Override
    public InputStream get(BlobKey key) {
        Objects.requireNonNull(key, "key");
        return MinioCalls.call("get " + key, key, () -> client.getObject(GetObjectArgs.builder()
                .bucket(config.bucket())
                .object(key.value())
                .build()));
    }

    @Override
    public InputStream get(BlobKey key, long offset, long length) {
        Objects.requireNonNull(key, "key");
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative range: offset " + offset + ", length " + length);
        }
        if (length == 0) {
            // S3 has no empty range; the answer is empty but must still say whether the blob exists.
            size(key);
            return InputStream.nullInputStream();
        }
        GetObjectArgs.Builder range = GetObjectArgs.builder().bucket(config.bucket()).object(key.value()).offset(offset);
        if (length <= Long.MAX_VALUE - offset) {
            range.length(length);
        }
        return MinioCalls.call("get " + key + " from " + offset, key, () -> {
            try {
                return client.getObject(range.build());
            } catch (ErrorResponseException e) {
                // 416: the blob exists but ends before offset.
                if ("InvalidRange".equals(e.errorResponse().code())) {
                    return InputStream.nullInputStream();
                }
                throw e;
            }
        });
    }

    @Override
    public long size(BlobKey key) {
        Objects.requireNonNull(key, "key");
        return MinioCalls.call("stat " + key, key, () -> client.statObject(StatObjectArgs.builder()
                .bucket(config.bucket())
                .object(key.value())
                .build()).size());
    }

    @Override
    public boolean exists(BlobKey key) {
        try {
            size(key);
            return true;
        } catch (BlobNotFoundException e) {
            return false;
        }
    }

    @Override
    public void delete(BlobKey key) {
        Objects.requireNonNull(key, "key");
        removeObject(key.value());
    }

    public String bucket() {
        return config.bucket();
    }

    /** Up to {@code max} blobs with keys after {@code startAfter} (empty: from the first), in key order. */
    public List<StoredObject> listBlobs(String startAfter, int max) {
        return list(BLOB_PREFIX, startAfter, max);
    }

    /** Up to {@code max} temporary objects of puts (cut short or running) after {@code startAfter}. */
    public List<StoredObject> listTemporary(String startAfter, int max) {
        return list(TEMP_PREFIX, startAfter, max);
    }

    /** Removes a temporary object that {@link #listTemporary} returned. */
    public void removeTemporary(String name) {
        if (!name.startsWith(TEMP_PREFIX)) {
            throw new IllegalArgumentException("not a temporary object: " + name);
        }
        removeObject(name);
    }

    private List<StoredObject> list(String prefix, String startAfter, int max) {
        return MinioCalls.call("list " + prefix, null, () -> {
            ListObjectsArgs.Builder args = ListObjectsArgs.builder().bucket(config.bucket()).prefix(prefix)
                    .recursive(true).maxKeys(Math.min(max, 1000));
            if (!startAfter.isEmpty()) {
                args.startAfter(startAfter);
            }
            List<StoredObject> objects = new ArrayList<>();
            for (Result<Item> result : client.listObjects(args.build())) {
                Item item = result.get();
                objects.add(new StoredObject(item.objectName(), item.lastModified().toInstant()));
                if (objects.size() == max) {
                    break;
                }
            }
            return objects;
        });
    }

    /** S3 answers a delete of a missing object with success, so that needs no special case. */
    private void removeObject(String object) {
        MinioCalls.call("delete " + object, null, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(config.bucket()).object(object).build());
            return null;
        });
    }

    /**
     * Stops OkHttp's dispatcher threads, which are not daemons and would otherwise hold the JVM for a
     * minute, and closes idle connections. Streams already handed out keep their connection until
     * closed.
     */
    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "MinioBlobStore[" + config.endpoint() + "/" + config.bucket() + "]";
    }
}
