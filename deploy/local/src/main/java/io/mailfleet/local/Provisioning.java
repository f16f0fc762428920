package io.mailfleet.local;

import io.mailfleet.events.topic.TopicLayout;
import io.mailfleet.events.topic.TopicProvisioner;
import io.mailfleet.events.topic.Topics;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.blob.MinioBlobStoreConfig;
import io.mailfleet.store.cassandra.CassandraConfig;
import io.mailfleet.store.cassandra.CassandraSessions;
import io.mailfleet.testing.Infrastructure;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Brings the servers to what the services expect, through the same code the services use: the
 * keyspace and its schema migrations, the topics and the bucket. Safe to run on every start.
 */
final class Provisioning {

    private Provisioning() {
    }

    /**
     * The topics and the bucket are made while the migrations run, since the three servers are
     * independent: one after another, the start waited for the sum of the three.
     */
    static void run(Infrastructure servers, LocalStackSettings settings) {
        CompletableFuture<Void> topics = CompletableFuture.runAsync(() -> new TopicProvisioner(servers.kafka().bootstrapServers())
                .createMissing(Topics.DEFAULTS, new TopicLayout(settings.topicPartitions(), (short) 1)));
        CompletableFuture<Void> bucket = CompletableFuture.runAsync(() -> MinioBlobStore.open(MinioBlobStoreConfig.of(
                URI.create(servers.s3().url()), servers.s3().region(), servers.s3().accessKey(), servers.s3().secretKey(),
                settings.bucket())).close());
        CassandraSessions.openMigrated(CassandraConfig.singleNode(servers.cassandra().contactPoint(),
                servers.cassandra().localDatacenter(), settings.keyspace())).close();
        for (CompletableFuture<Void> step : List.of(topics, bucket)) {
            try {
                step.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
    }
}
