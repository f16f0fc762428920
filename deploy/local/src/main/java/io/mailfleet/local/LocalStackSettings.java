package io.mailfleet.local;

import io.mailfleet.testing.process.LocalServerSettings;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local stack's settings, from environment variables with local defaults. The data folder is
 * kept across runs so that a restart keeps mail. {@code ports} holds each service's ports in the
 * order of {@link LocalService#ports()}, as set for its first instance.
 */
record LocalStackSettings(Path dataDir, LocalServerSettings servers, String keyspace, String bucket,
                          int topicPartitions, Map<String, List<Integer>> ports) {

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
        Map<String, List<Integer>> ports = new LinkedHashMap<>();
        for (LocalService service : LocalService.ALL) {
            ports.put(service.name(), service.ports().stream()
                    .map(port -> port(env, port.variable(), port.defaultPort())).toList());
        }
        return new LocalStackSettings(data, servers,
                env.getOrDefault("MAILFLEET_CASSANDRA_KEYSPACE", "mailfleet"),
                env.getOrDefault("MAILFLEET_S3_BUCKET", "mailfleet-blobs"),
                port(env, "MAILFLEET_TOPIC_PARTITIONS", 3),
                Map.copyOf(ports));
    }

    /** The ports of one instance of a service (0 is the first), in the order of {@link LocalService#ports()}. */
    List<Integer> ports(LocalService service, int instance) {
        return ports.get(service.name()).stream().map(port -> port + instance * LocalService.INSTANCE_PORT_STEP).toList();
    }

    int adminPort() {
        return ports(LocalService.named("admin-api"), 0).get(0);
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
