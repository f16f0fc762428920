package io.mailfleet.testing;

import io.mailfleet.testing.process.KafkaServer;
import io.mailfleet.testing.process.LocalServers;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The test JVM's servers as the tests see them: endpoints, and for local processes the process ids
 * and the broker's layout that outage tests use. It travels between class loaders as a map of
 * strings, the one form every copy of these classes understands. Closing it does nothing: the servers
 * belong to the test run, which stops them when it ends.
 */
public record RunningServers(KafkaEndpoint kafka, CassandraEndpoint cassandra, S3Endpoint s3, String mode,
                             Map<String, List<Long>> pids, Optional<KafkaServer.Layout> kafkaLayout)
        implements Infrastructure {

    private static final String PIDS = "pids.";

    /** What tests see of {@code servers}. */
    public static RunningServers of(Infrastructure servers) {
        if (servers instanceof LocalServers local) {
            return new RunningServers(local.kafka(), local.cassandra(), local.s3(), local.mode(), local.pids(),
                    Optional.of(local.kafkaLayout()));
        }
        return new RunningServers(servers.kafka(), servers.cassandra(), servers.s3(), servers.mode(), Map.of(),
                Optional.empty());
    }

    Map<String, String> describe() {
        Map<String, String> description = new HashMap<>(Map.of(
                "kafka", kafka.bootstrapServers(),
                "cassandra.host", cassandra.host(),
                "cassandra.port", Integer.toString(cassandra.port()),
                "cassandra.datacenter", cassandra.localDatacenter(),
                "s3.url", s3.url(),
                "s3.access-key", s3.accessKey(),
                "s3.secret-key", s3.secretKey(),
                "s3.region", s3.region(),
                "mode", mode));
        pids.forEach((server, ids) -> description.put(PIDS + server,
                String.join(",", ids.stream().map(String::valueOf).toList())));
        kafkaLayout.ifPresent(layout -> description.put("kafka.layout", String.join(",", layout.dir().toString(),
                layout.logFile().toString(), Integer.toString(layout.port()), Integer.toString(layout.controllerPort()))));
        return description;
    }

    static RunningServers described(Map<String, String> description) {
        Map<String, List<Long>> pids = new TreeMap<>();
        description.forEach((key, value) -> {
            if (key.startsWith(PIDS)) {
                pids.put(key.substring(PIDS.length()), Arrays.stream(value.split(",")).map(Long::valueOf).toList());
            }
        });
        Optional<KafkaServer.Layout> layout = Optional.ofNullable(description.get("kafka.layout")).map(value -> {
            String[] parts = value.split(",");
            return new KafkaServer.Layout(Path.of(parts[0]), Path.of(parts[1]), Integer.parseInt(parts[2]),
                    Integer.parseInt(parts[3]));
        });
        return new RunningServers(new KafkaEndpoint(description.get("kafka")),
                new CassandraEndpoint(description.get("cassandra.host"), Integer.parseInt(description.get("cassandra.port")),
                        description.get("cassandra.datacenter")),
                new S3Endpoint(description.get("s3.url"), description.get("s3.access-key"), description.get("s3.secret-key"),
                        description.get("s3.region")),
                description.get("mode"), pids, layout);
    }

    @Override
    public void close() {
        // The test run owns the servers and stops them at its end.
    }
}
