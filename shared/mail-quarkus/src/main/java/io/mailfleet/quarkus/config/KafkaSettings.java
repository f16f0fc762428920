package io.mailfleet.quarkus.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code mailfleet.kafka.*}, also settable as {@code MAILFLEET_KAFKA_*} environment variables. */
@ConfigMapping(prefix = "mailfleet.kafka")
public interface KafkaSettings {

    @WithDefault("127.0.0.1:9092")
    String bootstrapServers();

    /** Partitions and replication of the topics this service creates when they are missing. */
    @WithDefault("3")
    int partitions();

    @WithDefault("1")
    short replicationFactor();
}
