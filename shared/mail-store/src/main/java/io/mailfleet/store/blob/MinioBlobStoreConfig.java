package io.mailfleet.store.blob;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach the S3 API (MinIO, AWS S3, Ceph RGW, S3Proxy) that holds the blobs.
 *
 * @param endpoint              {@code http://host:port} or {@code https://host:port}
 * @param region                the region requests are signed for, {@code us-east-1} on most
 *                              self-hosted servers
 * @param accessKey             the access key id
 * @param secretKey             the secret key; never printed
 * @param bucket                the bucket, created by {@link MinioBlobStore#open} if missing
 * @param connectTimeout        the longest wait for a TCP (and TLS) connection
 * @param readTimeout           the longest silence while waiting for response octets
 * @param writeTimeout          the longest stall while sending request octets
 * @param maxConcurrentRequests requests in flight at once; more wait in a queue (OkHttp's own
 *                              default of 5 per host would queue a busy gateway's fetches)
 */
public record MinioBlobStoreConfig(URI endpoint, String region, String accessKey, String secretKey, String bucket,
                                   Duration connectTimeout, Duration readTimeout, Duration writeTimeout,
                                   int maxConcurrentRequests) {

    /*
     * Each bounds one socket operation, not a whole call: a frozen server (no octet moving) fails a
     * request within seconds, so the client gets its temporary error well within 10 s, while a large
     * body that keeps moving streams for as long as it takes.
     */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 64;

    /** S3's own rule for bucket names, without the rarely used dotted forms' extra checks. */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public MinioBlobStoreConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("endpoint must be an http or https URL with a host: " + endpoint);
        }
        requireNonBlank(region, "region");
        requireNonBlank(accessKey, "accessKey");
        requireNonBlank(secretKey, "secretKey");
        Objects.requireNonNull(bucket, "bucket");
        if (!BUCKET_NAME.matcher(bucket).matches()) {
            throw new IllegalArgumentException("not an S3 bucket name: " + bucket);
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(writeTimeout, "writeTimeout");
        if (maxConcurrentRequests < 1) {
            throw new IllegalArgumentException("maxConcurrentRequests < 1: " + maxConcurrentRequests);
        }
    }

    /** A configuration with the default timeouts and concurrency. */
    public static MinioBlobStoreConfig of(URI endpoint, String region, String accessKey, String secretKey, String bucket) {
        return new MinioBlobStoreConfig(endpoint, region, accessKey, secretKey, bucket,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_WRITE_TIMEOUT, DEFAULT_MAX_CONCURRENT_REQUESTS);
    }

    @Override
    public String toString() {
        return "MinioBlobStoreConfig[endpoint=" + endpoint + ", region=" + region + ", accessKey=" + accessKey
                + ", bucket=" + bucket + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", writeTimeout=" + writeTimeout + ", maxConcurrentRequests=" + maxConcurrentRequests + "]";
    }

    private static void requireNonBlank(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
