package io.mailfleet.local;

import io.mailfleet.testing.process.LocalServers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What runs where: printed for the operator and written as an env file for tools and services. */
final class StackReport {

    private StackReport() {
    }

    static Path writeEndpoints(LocalStackSettings settings, LocalServers servers) throws IOException {
        Path file = settings.runDir().resolve("endpoints.env");
        String content = String.join("\n",
                "MAILFLEET_KAFKA_BOOTSTRAP_SERVERS=" + servers.kafka().bootstrapServers(),
                "MAILFLEET_CASSANDRA_CONTACT_POINT=" + servers.cassandra().host() + ":" + servers.cassandra().port(),
                "MAILFLEET_CASSANDRA_LOCAL_DATACENTER=" + servers.cassandra().localDatacenter(),
                "MAILFLEET_CASSANDRA_KEYSPACE=" + settings.keyspace(),
                "MAILFLEET_S3_ENDPOINT=" + servers.s3().url(),
                "MAILFLEET_S3_REGION=" + servers.s3().region(),
                "MAILFLEET_S3_ACCESS_KEY=" + servers.s3().accessKey(),
                "MAILFLEET_S3_SECRET_KEY=" + servers.s3().secretKey(),
                "MAILFLEET_S3_BUCKET=" + settings.bucket(),
                "");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    static String describe(LocalStackSettings settings, LocalServers servers, Path endpoints, double seconds) {
        return String.format("""

                mailfleet is up (%.1f s)
                  Kafka       %s   topics: %s
                  Cassandra   %s:%d   keyspace: %s
                  S3 (S3Proxy) %s   bucket: %s   access key: %s
                  services    none built yet
                  data        %s
                  logs        %s
                  endpoints   %s
                Ctrl-C or ./mailfleet down stops everything.
                """,
                seconds,
                servers.kafka().bootstrapServers(), String.join(", ", Provisioning.TOPICS),
                servers.cassandra().host(), servers.cassandra().port(), settings.keyspace(),
                servers.s3().url(), settings.bucket(), servers.s3().accessKey(),
                settings.dataDir(), servers.logDirectory(), endpoints);
    }
}
