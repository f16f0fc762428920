package io.mailfleet.smtp.ingress.config;

import io.mailfleet.store.blob.MinioBlobStoreConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;

/** {@code mailfleet.s3.*}, also settable as {@code MAILFLEET_S3_*} environment variables. */
@ConfigMapping(prefix = "mailfleet.s3")
public interface S3Settings {

    @WithDefault("http://127.0.0.1:9000")
    String endpoint();

    @WithDefault("us-east-1")
    String region();

    String accessKey();

    String secretKey();

    @WithDefault("mailfleet-blobs")
    String bucket();

    default MinioBlobStoreConfig toConfig() {
        return MinioBlobStoreConfig.of(URI.create(endpoint()), region(), accessKey(), secretKey(), bucket());
    }
}
