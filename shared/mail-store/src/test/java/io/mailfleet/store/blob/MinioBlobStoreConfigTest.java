package io.mailfleet.store.blob;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MinioBlobStoreConfigTest {

    private static final URI ENDPOINT = URI.create("http://127.0.0.1:9000");

    @Test
    void defaultsBoundEveryWait() {
        MinioBlobStoreConfig config = MinioBlobStoreConfig.of(ENDPOINT, "us-east-1", "mailfleet", "s3cr3t", "mail-bodies");

        assertThat(config.connectTimeout()).isEqualTo(MinioBlobStoreConfig.DEFAULT_CONNECT_TIMEOUT);
        assertThat(config.readTimeout()).isEqualTo(MinioBlobStoreConfig.DEFAULT_READ_TIMEOUT);
        assertThat(config.writeTimeout()).isEqualTo(MinioBlobStoreConfig.DEFAULT_WRITE_TIMEOUT);
        assertThat(config.maxConcurrentRequests()).isEqualTo(MinioBlobStoreConfig.DEFAULT_MAX_CONCURRENT_REQUESTS);
    }

    @Test
    void neverPrintsTheSecretKey() {
        MinioBlobStoreConfig config = MinioBlobStoreConfig.of(ENDPOINT, "us-east-1", "mailfleet", "s3cr3t", "mail-bodies");

        assertThat(config.toString()).contains("mailfleet", "mail-bodies").doesNotContain("s3cr3t");
    }

    @Test
    void rejectsWhatCannotWork() {
        assertThatThrownBy(() -> MinioBlobStoreConfig.of(URI.create("ftp://host"), "us-east-1", "a", "s", "bucket"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MinioBlobStoreConfig.of(ENDPOINT, " ", "a", "s", "bucket"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MinioBlobStoreConfig.of(ENDPOINT, "us-east-1", "a", "", "bucket"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MinioBlobStoreConfig.of(ENDPOINT, "us-east-1", "a", "s", "Mail_Bodies"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MinioBlobStoreConfig(ENDPOINT, "us-east-1", "a", "s", "bucket",
                Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MinioBlobStoreConfig(ENDPOINT, "us-east-1", "a", "s", "bucket",
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
