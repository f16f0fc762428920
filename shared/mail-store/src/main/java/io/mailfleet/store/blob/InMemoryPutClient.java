package io.mailfleet.store.blob;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import io.minio.MinioAsyncClient;
import io.minio.ObjectWriteResponse;

import java.util.concurrent.CompletableFuture;

/**
 * The MinIO asynchronous client with one more way to put an object: octets already in memory, signed
 * and handed to OkHttp on the calling thread. The client's public {@code putObject} first reads its
 * stream with {@code CompletableFuture.supplyAsync} on the common pool, which on one or two CPUs has
 * a parallelism of one, so that every such call starts a new thread: one per message stored. The
 * lower-level put it offers subclasses takes the content as it is and only waits on OkHttp's
 * dispatcher, whose threads are pooled.
 */
final class InMemoryPutClient extends MinioAsyncClient {

    /** What {@code putObject} sends when no content type is given, so stored objects look the same. */
    private static final Multimap<String, String> HEADERS = ImmutableMultimap.of("Content-Type", "application/octet-stream");

    InMemoryPutClient(MinioAsyncClient client) {
        super(client);
    }

    /** Puts {@code content} under {@code object} with one request; completes when S3 has answered. */
    CompletableFuture<ObjectWriteResponse> put(String bucket, String region, String object, byte[] content) throws Exception {
        return putObjectAsync(bucket, region, object, content, content.length, HEADERS, ImmutableMultimap.of());
    }
}
