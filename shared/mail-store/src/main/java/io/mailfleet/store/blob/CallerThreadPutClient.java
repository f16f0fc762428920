package io.mailfleet.store.blob;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.MinioAsyncClient;
import io.minio.ObjectWriteResponse;
import io.minio.Xml;
import io.minio.messages.CopyObjectResult;
import io.minio.messages.Part;
import okhttp3.Response;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The MinIO asynchronous client with the puts and the copy a blob store makes done on the calling
 * thread, which reads the content, signs each request and hands it to OkHttp, whose dispatcher
 * threads are pooled. The client's own {@code putObject} and {@code copyObject} begin with
 * {@code CompletableFuture.supplyAsync} on the common pool, which on one or two CPUs has a
 * parallelism of one, so that every such call starts a new thread, held for as long as a slow source
 * takes to send its content: one per message stored. The lower-level requests the client offers are
 * used instead; each put then costs the caller's thread only, which the caller bounds.
 */
final class CallerThreadPutClient extends MinioAsyncClient {

    /** What {@code putObject} sends when no content type is given, so stored objects look the same. */
    private static final Multimap<String, String> HEADERS = ImmutableMultimap.of("Content-Type", "application/octet-stream");
    private static final Multimap<String, String> NONE = ImmutableMultimap.of();

    CallerThreadPutClient(MinioAsyncClient client) {
        super(client);
    }

    /** Puts {@code content} under {@code object} with one request; completes when S3 has answered. */
    CompletableFuture<ObjectWriteResponse> put(String bucket, String region, String object, byte[] content) throws Exception {
        return putObjectAsync(bucket, region, object, content, content.length, HEADERS, NONE);
    }

    /**
     * Puts {@code content}, read to its end, under {@code object} as a multipart upload of parts of
     * {@code partSize} octets, one part in memory at a time; blocks until S3 has the whole object. An
     * upload that fails is aborted, so that it leaves no parts behind.
     */
    void putInParts(String bucket, String region, String object, InputStream content, int partSize) throws Exception {
        String uploadId = MinioCalls.await(createMultipartUploadAsync(bucket, region, object, HEADERS, NONE)).result().uploadId();
        try {
            List<Part> parts = new ArrayList<>();
            for (byte[] part = content.readNBytes(partSize); part.length > 0 || parts.isEmpty();
                    part = content.readNBytes(partSize)) {
                int number = parts.size() + 1;
                String etag = MinioCalls.await(uploadPartAsync(bucket, region, object, part, part.length, uploadId, number, NONE, NONE))
                        .etag();
                parts.add(new Part(number, etag));
                if (part.length < partSize) {
                    break;
                }
            }
            MinioCalls.await(completeMultipartUploadAsync(bucket, region, object, uploadId, parts.toArray(Part[]::new), NONE, NONE));
        } catch (Exception | Error e) {
            try {
                MinioCalls.await(abortMultipartUploadAsync(bucket, region, object, uploadId, NONE, NONE));
            } catch (Exception abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    /** Copies {@code source} to {@code target} in the same bucket on the server (S3 CopyObject); blocks until done. */
    void copy(String bucket, String region, String source, String target) throws Exception {
        CopySource from = CopySource.builder().bucket(bucket).object(source).build();
        CopyObjectArgs args = CopyObjectArgs.builder().bucket(bucket).region(region).object(target).source(from).build();
        try (Response response = MinioCalls.await(executePutAsync(args, from.genCopyHeaders(), NONE, new byte[0], 0))) {
            // S3 may answer 200 and still report a failed copy in the body: only a CopyObjectResult is success.
            Xml.unmarshal(CopyObjectResult.class, response.body().charStream());
        }
    }
}
