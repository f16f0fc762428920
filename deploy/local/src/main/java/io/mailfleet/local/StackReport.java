package io.mailfleet.local;

import io.mailfleet.events.topic.Topics;
import io.mailfleet.testing.process.LocalServers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

    /** Each server's start time and resident memory, e.g. "kafka 3.1 s 390 MB". */
    private static String startup(LocalServers servers) {
        Map<String, Long> memory = servers.residentBytes();
        StringBuilder out = new StringBuilder();
        servers.startTimes().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> out
                .append(out.length() == 0 ? "" : ", ")
                .append(String.format("%s %.1f s %d MB", entry.getKey(), entry.getValue().toMillis() / 1000.0,
                        memory.getOrDefault(entry.getKey(), 0L) / (1024 * 1024))));
        return out.toString();
    }

    static String describe(LocalStackSettings settings, LocalServers servers, LocalServices services, String adminToken,
                           Path endpoints, double seconds) {
        StringBuilder out = new StringBuilder(String.format("%nmailfleet is up (%.1f s)%n", seconds));
        line(out, "Kafka", servers.kafka().bootstrapServers() + "   topics: " + String.join(", ", Topics.DEFAULTS.all()));
        line(out, "Cassandra", servers.cassandra().host() + ":" + servers.cassandra().port() + "   keyspace: " + settings.keyspace());
        line(out, "S3", servers.s3().url() + "   bucket: " + settings.bucket() + "   access key: " + servers.s3().accessKey());
        for (LocalServices.Running service : services.running()) {
            line(out, service.name(), service.url() + (service.service().name().equals("admin-api") ? "   token: " + adminToken : "")
                    + listeners(service));
        }
        line(out, "demo", LocalSeed.ACCOUNT + ", password " + LocalSeed.PASSWORD + " (local only)");
        line(out, "data", settings.dataDir().toString());
        line(out, "logs", servers.logDirectory().toString());
        line(out, "endpoints", endpoints.toString());
        line(out, "started", startup(servers));
        return out.append("Ctrl-C or ./mailfleet down stops everything.").append(System.lineSeparator()).toString();
    }

    /** e.g. "   MX 127.0.0.1:2525   submission :2587 (STARTTLS)   submissions :2465 (TLS, self-signed)". */
    private static String listeners(LocalServices.Running running) {
        StringBuilder out = new StringBuilder();
        List<LocalService.Port> listeners = running.service().listeners();
        for (int i = 0; i < listeners.size(); i++) {
            LocalService.Port listener = listeners.get(i);
            out.append("   ").append(listener.label()).append(i == 0 ? " 127.0.0.1:" : " :").append(running.ports().get(i + 1))
                    .append(listener.tls().isEmpty() ? "" : listener.tls().equals("TLS") ? " (TLS, self-signed)" : " (" + listener.tls() + ")");
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format("  %-16s %s%n", label, value));
    }
}
