package io.mailfleet.store.cassandra;

import io.mailfleet.store.blob.BlobPins;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.blob.MinioBlobStoreConfig;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.S3Endpoint;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** A fresh bucket on the harness's S3 for one test, looked into and removed with a client of its own. */
final class TestBuckets implements AutoCloseable {

    final String bucket = "collect-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    private final MinioBlobStoreConfig config;
    private final MinioClient inspector;

    TestBuckets(Infrastructure servers) {
        S3Endpoint s3 = servers.s3();
        config = MinioBlobStoreConfig.of(URI.create(s3.url()), s3.region(), s3.accessKey(), s3.secretKey(), bucket);
        inspector = MinioClient.builder().endpoint(s3.url()).region(s3.region()).credentials(s3.accessKey(), s3.secretKey()).build();
        MinioBlobStore.open(config).close();
    }

    /** A store on the bucket whose puts pin their blobs. */
    MinioBlobStore store(BlobPins pins) {
        return MinioBlobStore.create(config, pins);
    }

    /** Writes an object as an interrupted put leaves one. */
    void putRaw(String name) throws Exception {
        inspector.putObject(PutObjectArgs.builder().bucket(bucket).object(name)
                .stream(new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, -1).build());
    }

    List<String> names() throws Exception {
        List<String> names = new ArrayList<>();
        for (Result<Item> item : inspector.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            names.add(item.get().objectName());
        }
        return names;
    }

    @Override
    public void close() throws Exception {
        for (String name : names()) {
            inspector.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(name).build());
        }
        inspector.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
        inspector.close();
    }
}
