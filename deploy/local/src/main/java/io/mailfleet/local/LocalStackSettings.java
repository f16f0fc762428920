package io.mailfleet.local;

import io.mailfleet.testing.process.LocalServerSettings;

import java.nio.file.Path;
import java.util.Map;

/**
 * The local stack's settings, from environment variables with local defaults. The data folder is
 * kept across runs so that a restart keeps mail.
 */
record LocalStackSettings(Path dataDir, LocalServerSettings servers, String keyspace, String bucket,
                          int topicPartitions, int adminPort, SmtpPorts smtp, int deliveryPort, Pop3Ports pop3) {

    /** The SMTP listeners' ports and the port of the service's health and metrics endpoints. */
    record SmtpPorts(int mx, int submission, int submissions, int http) {
    }

    /** POP3 with STLS, POP3 over TLS, and the gateway's health and metrics. */
    record Pop3Ports(int pop3, int pop3s, int http) {
    }

    static LocalStackSettings fromEnvironment(Path projectHome, Map<String, String> env) {
        Path data = Path.of(env.getOrDefault("MAILFLEET_DATA", projectHome.resolve(".mailfleet").toString()))
                .toAbsolutePath();
        LocalServerSettings servers = new LocalServerSettings(
                data,
                false,
                false,
                false,
                port(env, "MAILFLEET_KAFKA_PORT", 9092),
                port(env, "MAILFLEET_KAFKA_CONTROLLER_PORT", 9093),
                port(env, "MAILFLEET_CASSANDRA_PORT", 9042),
                port(env, "MAILFLEET_CASSANDRA_STORAGE_PORT", 7000),
                port(env, "MAILFLEET_S3_PORT", 9000),
                env.getOrDefault("MAILFLEET_S3_ACCESS_KEY", "mailfleet"),
                env.getOrDefault("MAILFLEET_S3_SECRET_KEY", "mailfleet-local-secret"));
        return new LocalStackSettings(data, servers,
                env.getOrDefault("MAILFLEET_CASSANDRA_KEYSPACE", "mailfleet"),
                env.getOrDefault("MAILFLEET_S3_BUCKET", "mailfleet-blobs"),
                port(env, "MAILFLEET_TOPIC_PARTITIONS", 3),
                port(env, "MAILFLEET_ADMIN_PORT", 8080),
                new SmtpPorts(port(env, "MAILFLEET_SMTP_MX_PORT", 2525), port(env, "MAILFLEET_SMTP_SUBMISSION_PORT", 2587),
                        port(env, "MAILFLEET_SMTP_SUBMISSIONS_PORT", 2465), port(env, "MAILFLEET_SMTP_HTTP_PORT", 8081)),
                port(env, "MAILFLEET_DELIVERY_HTTP_PORT", 8082),
                new Pop3Ports(port(env, "MAILFLEET_POP3_PORT", 1110), port(env, "MAILFLEET_POP3S_PORT", 1995),
                        port(env, "MAILFLEET_POP3_HTTP_PORT", 8083)));
    }

    Path adminTokenFile() {
        return runDir().resolve("admin-token");
    }

    Path tlsDir() {
        return dataDir.resolve("tls");
    }

    Path runDir() {
        return dataDir.resolve("run");
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + value + " is not a number");
        }
    }
}
