package io.mailfleet.quarkus.config;

import io.mailfleet.store.blob.MinioBlobStoreConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** {@code mailfleet.s3.*}, also settable as {@code MAILFLEET_S3_*} environment variables. */
@ConfigMapping(prefix = "mailfleet.s3")
public interface S3Settings {

    @WithDefault("http://127.0.0.1:9000")
    String endpoint();

    @WithDefault("us-east-1")
    String region();

    /**
     * Optional here only because this mapping is shared: a service that reads no blobs must start
     * without credentials. {@link #toConfig()} requires them.
     */
    Optional<String> accessKey();

    Optional<String> secretKey();

    @WithDefault("mailfleet-blobs")
    String bucket();

    /**
     * How long a request may wait for S3 to accept a connection, and to answer or take more bytes:
     * limits on one stall, not on a whole transfer, so a frozen S3 fails a request in seconds and a
     * large body that keeps moving is never cut.
     */
    @WithDefault("3s")
    Duration connectTimeout();

    @WithDefault("5s")
    Duration readTimeout();

    @WithDefault("5s")
    Duration writeTimeout();

    default MinioBlobStoreConfig toConfig() {
        String accessKey = accessKey().orElseThrow(() -> new IllegalStateException("set mailfleet.s3.access-key (MAILFLEET_S3_ACCESS_KEY)"));
        String secretKey = secretKey().orElseThrow(() -> new IllegalStateException("set mailfleet.s3.secret-key (MAILFLEET_S3_SECRET_KEY)"));
        return new MinioBlobStoreConfig(URI.create(endpoint()), region(), accessKey, secretKey, bucket(),
                connectTimeout(), readTimeout(), writeTimeout(), MinioBlobStoreConfig.DEFAULT_MAX_CONCURRENT_REQUESTS);
    }
}
