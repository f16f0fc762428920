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

/**
 * Brings the servers to what the services expect, through the same code the services use: the
 * keyspace and its schema migrations, the topics and the bucket. Safe to run on every start.
 */
final class Provisioning {

    private Provisioning() {
    }

    static void run(Infrastructure servers, LocalStackSettings settings) {
        CassandraSessions.openMigrated(CassandraConfig.singleNode(servers.cassandra().contactPoint(),
                servers.cassandra().localDatacenter(), settings.keyspace())).close();
        new TopicProvisioner(servers.kafka().bootstrapServers())
                .createMissing(Topics.DEFAULTS, new TopicLayout(settings.topicPartitions(), (short) 1));
        MinioBlobStore.open(MinioBlobStoreConfig.of(URI.create(servers.s3().url()), servers.s3().region(),
                servers.s3().accessKey(), servers.s3().secretKey(), settings.bucket())).close();
    }
}
