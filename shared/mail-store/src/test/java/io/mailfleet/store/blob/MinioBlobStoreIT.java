package io.mailfleet.store.blob;

import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import io.mailfleet.testing.S3Endpoint;
import io.mailfleet.testing.process.Ports;
import io.minio.BucketExistsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.messages.Item;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The blob store contract, and what only the MinIO adapter has, against a real S3 server. */
@ExtendWith(RealInfrastructureExtension.class)
class MinioBlobStoreIT implements BlobStoreContract {

    /** Timeouts for the stores that talk to a dead or silent endpoint: the wait they bound. */
    private static final Duration SHORT = Duration.ofSeconds(1);
    /** Timeouts for the stores that talk to the real server: a loaded test machine may take seconds to answer. */
    private static final Duration WORKING = Duration.ofSeconds(15);
    /** Generous next to {@link #SHORT}, short next to a hang. */
    private static final Duration NO_HANG = Duration.ofSeconds(20);

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private S3Endpoint s3;
    private String bucket;
    private MinioClient inspector;
    private MinioBlobStoreConfig config;
    private OkHttpClient http;
    private MinioBlobStore store;

    @BeforeEach
    void openStore(Infrastructure servers) {
        s3 = servers.s3();
        bucket = "blobs-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        config = config(URI.create(s3.url()), s3.secretKey(), bucket, WORKING);
        // Records every request the store sends, to see parts and connections.
        http = MinioBlobStore.httpClient(config).newBuilder()
                .addInterceptor(chain -> {
                    requests.add(chain.request());
                    return chain.proceed(chain.request());
                })
                .build();
        store = new MinioBlobStore(config, http);
        store.ensureBucket();
        inspector = MinioClient.builder().endpoint(s3.url()).region(s3.region()).credentials(s3.accessKey(), s3.secretKey()).build();
    }

    @AfterEach
    void dropBucket() throws Exception {
        store.close();
        for (String name : storedNames()) {
            inspector.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(name).build());
        }
        inspector.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
        inspector.close();
    }

    @Override
    public BlobStore store() {
        return store;
    }

    @Override
    public List<String> storedNames() {
        List<String> names = new ArrayList<>();
        for (Result<Item> item : inspector.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            try {
                names.add(item.get().objectName());
            } catch (Exception e) {
                throw new AssertionError("cannot list " + bucket, e);
            }
        }
        return names;
    }

    @Override
    public Instant lastWritten(BlobKey key) {
        try {
            return inspector.statObject(StatObjectArgs.builder().bucket(bucket).object(key.value()).build()).lastModified().toInstant();
        } catch (Exception e) {
            throw new AssertionError("cannot stat " + key, e);
        }
    }

    /** Content of unknown size goes up in parts of bounded size, which is what bounds the memory. */
    @Test
    void streamOfUnknownSizeIsUploadedInBoundedParts() throws Exception {
        store.put(new GeneratedContent(20L << 20, 10));

        List<Request> parts = requests.stream().filter(r -> r.url().queryParameter("partNumber") != null).toList();
        assertThat(parts).hasSize(3);
        for (Request part : parts) {
            assertThat(part.body().contentLength()).isPositive().isLessThanOrEqualTo(MinioBlobStore.PART_SIZE);
        }
        assertThat(storedNames()).noneMatch(name -> name.startsWith(MinioBlobStore.TEMP_PREFIX));
    }

    @Test
    void smallContentIsOnePutUnderItsKeyEvenWhenStoredAlready() throws Exception {
        byte[] content = GeneratedContent.bytes(5000, 11);
        requests.clear();

        BlobRef ref = store.put(new ByteArrayInputStream(content));
        BlobRef again = store.put(new ByteArrayInputStream(content));

        assertThat(again).isEqualTo(ref);
        assertThat(requests).extracting(r -> r.method() + " " + r.url().encodedPath())
                .containsExactly("PUT /" + bucket + "/" + ref.key(), "PUT /" + bucket + "/" + ref.key());
        try (InputStream stored = store.get(ref.key())) {
            assertThat(stored.readAllBytes()).isEqualTo(content);
        }
    }

    /**
     * The MinIO client's own put reads its stream with {@code supplyAsync} on the common pool, which
     * on one or two CPUs starts a thread per call; a small put must start none. OkHttp's dispatcher
     * may start a thread when its last one is not back in its pool yet, so its threads are counted
     * apart; twenty puts in a row would otherwise start twenty, and the JVM's odd thread stays far below.
     */
    @Test
    void smallPutsStartNoThreadPerPut() throws Exception {
        AtomicInteger dispatcherThreads = new AtomicInteger();
        try (MinioBlobStore measured = countingDispatcherThreads(dispatcherThreads)) {
            measured.put(new ByteArrayInputStream(GeneratedContent.bytes(4096, 1)));
            long startedBefore = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - dispatcherThreads.get();

            for (int i = 0; i < 20; i++) {
                measured.put(new ByteArrayInputStream(GeneratedContent.bytes(4096, 100 + i)));
            }

            long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - dispatcherThreads.get() - startedBefore;
            assertThat(started).isLessThan(10);
        }
    }

    /**
     * Large content goes up in parts and is copied to its key; the MinIO client's own put and copy
     * would each start a thread on one or two CPUs, held for the whole upload. Done on the caller's
     * thread, eight large puts start none of their own (OkHttp's dispatcher threads counted apart).
     */
    @Test
    void largePutsStartNoThreadPerPut() throws Exception {
        AtomicInteger dispatcherThreads = new AtomicInteger();
        try (MinioBlobStore measured = countingDispatcherThreads(dispatcherThreads)) {
            measured.put(new GeneratedContent(MinioBlobStore.SMALL_BLOB_MAX + 4096, 200));
            long startedBefore = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - dispatcherThreads.get();

            List<BlobRef> stored = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                stored.add(measured.put(new GeneratedContent(MinioBlobStore.SMALL_BLOB_MAX + 4096, 201 + i)));
            }

            long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - dispatcherThreads.get() - startedBefore;
            assertThat(started).isLessThan(4);
            for (BlobRef ref : stored) {
                assertThat(measured.size(ref.key())).isEqualTo(MinioBlobStore.SMALL_BLOB_MAX + 4096);
            }
        }
        assertThat(storedNames()).noneMatch(name -> name.startsWith(MinioBlobStore.TEMP_PREFIX));
    }

    /** A store whose OkHttp dispatcher counts the threads it starts into {@code started}. */
    private MinioBlobStore countingDispatcherThreads(AtomicInteger started) {
        ExecutorService dispatching = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    started.incrementAndGet();
                    Thread thread = new Thread(task, "test-okhttp-dispatcher");
                    thread.setDaemon(true);
                    return thread;
                });
        return new MinioBlobStore(config, MinioBlobStore.httpClient(config).newBuilder().dispatcher(new Dispatcher(dispatching)).build());
    }

    /**
     * A small body's PUT runs while its key is pinned; a pin that waited out a deletion may have seen
     * the collector remove what that PUT wrote, so the content is put again.
     */
    @Test
    void smallContentIsPutAgainWhenItsPinWaitedOutADeletion() throws Exception {
        byte[] content = GeneratedContent.bytes(5000, 12);
        BlobPins deletedWhilePinning = key -> {
            awaitStored(key);
            try {
                inspector.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key.value()).build());
            } catch (Exception e) {
                throw new AssertionError("cannot delete " + key, e);
            }
            return true;
        };
        // Shares the test's HTTP client, which closing the test's store releases.
        MinioBlobStore pinned = new MinioBlobStore(config, http, Optional.of(deletedWhilePinning));
        requests.clear();

        BlobRef ref = pinned.put(new ByteArrayInputStream(content));

        // The pin's own HEADs (awaitStored) go through the same recorded client: only the PUTs count here.
        assertThat(requests).filteredOn(r -> r.method().equals("PUT")).extracting(r -> r.url().encodedPath())
                .containsExactly("/" + bucket + "/" + ref.key(), "/" + bucket + "/" + ref.key());
        try (InputStream stored = pinned.get(ref.key())) {
            assertThat(stored.readAllBytes()).isEqualTo(content);
        }
    }

    /** Waits until the PUT under way while the key is pinned has stored the blob. */
    private void awaitStored(BlobKey key) {
        long deadline = System.nanoTime() + WORKING.toNanos();
        while (!store.exists(key)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(key + " not stored within " + WORKING);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void wrongSecretKeyMakesTheStoreUnavailableNotEmpty() throws Exception {
        MinioBlobStoreConfig wrong = config(URI.create(s3.url()), s3.secretKey() + "x", bucket, WORKING);
        BlobKey stored = store.put(new GeneratedContent(100, 12)).key();

        assertThatThrownBy(() -> MinioBlobStore.open(wrong)).isInstanceOf(BlobStoreUnavailableException.class);
        try (MinioBlobStore unauthorized = MinioBlobStore.create(wrong)) {
            assertThatThrownBy(() -> unauthorized.exists(stored)).isInstanceOf(BlobStoreUnavailableException.class);
            assertThatThrownBy(() -> unauthorized.get(stored)).isInstanceOf(BlobStoreUnavailableException.class)
                    .hasMessageContaining("SignatureDoesNotMatch");
            assertThatThrownBy(() -> unauthorized.put(new GeneratedContent(100, 13)))
                    .isInstanceOf(BlobStoreUnavailableException.class);
        }
    }

    @Test
    void closedPortFailsFastAsUnavailable() {
        MinioBlobStoreConfig closed = config(URI.create("http://127.0.0.1:" + Ports.free()), s3.secretKey(), bucket, SHORT);

        assertTimeoutPreemptively(NO_HANG, () -> {
            assertThatThrownBy(() -> MinioBlobStore.open(closed)).isInstanceOf(BlobStoreUnavailableException.class);
            try (MinioBlobStore unreachable = MinioBlobStore.create(closed)) {
                assertUnavailable(unreachable);
            }
        });
    }

    /** A server that accepts connections and never answers: only the read timeout ends the wait. */
    @Test
    void silentServerFailsWithinTheTimeoutsAsUnavailable() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            MinioBlobStoreConfig config = config(URI.create("http://127.0.0.1:" + silent.getLocalPort()), s3.secretKey(), bucket, SHORT);

            assertTimeoutPreemptively(NO_HANG, () -> {
                try (MinioBlobStore unanswered = MinioBlobStore.create(config)) {
                    assertUnavailable(unanswered);
                }
            });
        }
    }

    @Test
    void instancesStartingTogetherAllGetTheBucket() throws Exception {
        String fresh = bucket + "-new";
        MinioBlobStoreConfig config = config(URI.create(s3.url()), s3.secretKey(), fresh, WORKING);
        int instances = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            List<Future<?>> opened = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                opened.add(pool.submit(() -> {
                    start.await();
                    MinioBlobStore.open(config).close();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : opened) {
                future.get();
            }
            assertThat(inspector.bucketExists(BucketExistsArgs.builder().bucket(fresh).build())).isTrue();
        } finally {
            pool.shutdownNow();
            inspector.removeBucket(RemoveBucketArgs.builder().bucket(fresh).build());
        }
    }

    /** What keeps a JVM from exiting: non-daemon dispatcher threads and pooled connections. */
    @Test
    void closeReleasesThreadsAndConnections() throws Exception {
        store.put(new GeneratedContent(LARGE, 14));
        assertThat(http.connectionPool().connectionCount()).isPositive();

        store.close();

        assertThat(http.dispatcher().executorService().isShutdown()).isTrue();
        assertThat(http.connectionPool().connectionCount()).isZero();
    }

    private static void assertUnavailable(BlobStore store) {
        BlobKey key = BlobKey.forSha256(GeneratedContent.sha256Hex(new byte[] {1}));
        assertThatThrownBy(() -> store.exists(key)).isInstanceOf(BlobStoreUnavailableException.class);
        assertThatThrownBy(() -> store.get(key)).isInstanceOf(BlobStoreUnavailableException.class);
        assertThatThrownBy(() -> store.put(new GeneratedContent(100, 15))).isInstanceOf(BlobStoreUnavailableException.class);
        assertThatThrownBy(() -> store.put(new GeneratedContent(LARGE, 16))).isInstanceOf(BlobStoreUnavailableException.class);
        assertThatThrownBy(() -> store.delete(key)).isInstanceOf(BlobStoreUnavailableException.class);
    }

    private MinioBlobStoreConfig config(URI endpoint, String secretKey, String bucketName, Duration timeouts) {
        return new MinioBlobStoreConfig(endpoint, s3.region(), s3.accessKey(), secretKey, bucketName, timeouts, timeouts, timeouts, 8);
    }
}
