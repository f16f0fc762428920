package io.mailfleet.local;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.testing.Infrastructure;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/** Creates, when missing, the keyspace, topics and bucket mailfleet runs on. Safe to run on every start. */
final class Provisioning {

    static final List<String> TOPICS = List.of("mail.inbound", "mail.outbound", "mailbox.events", "mail.deadletter");

    private Provisioning() {
    }

    static void run(Infrastructure servers, LocalStackSettings settings) throws Exception {
        createKeyspace(servers, settings.keyspace());
        createTopics(servers, settings.topicPartitions());
        createBucket(servers, settings.bucket());
    }

    private static void createKeyspace(Infrastructure servers, String keyspace) {
        try (CqlSession session = CqlSession.builder()
                .addContactPoint(servers.cassandra().contactPoint())
                .withLocalDatacenter(servers.cassandra().localDatacenter())
                .build()) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        }
    }

    private static void createTopics(Infrastructure servers, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = TOPICS.stream()
                    .filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, partitions, (short) 1))
                    .toList();
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    private static void createBucket(Infrastructure servers, String bucket) throws Exception {
        MinioClient s3 = MinioClient.builder()
                .endpoint(servers.s3().url())
                .region(servers.s3().region())
                .credentials(servers.s3().accessKey(), servers.s3().secretKey())
                .build();
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
    }
}
