package io.mailfleet.imap.gateway;

import io.mailfleet.testing.process.Ports;
import io.mailfleet.testing.process.ServiceProcess;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The packaged gateway as a child process with its own ports: a second instance on the same Cassandra, S3
 * and Kafka as the instance under test (servers, keyspace and certificate read from the running test's
 * configuration), or one with settings of a test's own, on servers the test names.
 */
final class GatewayProcess implements AutoCloseable {

    private static final List<String> SHARED = List.of("mailfleet.kafka.bootstrap-servers", "mailfleet.cassandra.contact-point",
            "mailfleet.cassandra.local-datacenter", "mailfleet.cassandra.keyspace", "mailfleet.s3.endpoint",
            "mailfleet.s3.region", "mailfleet.s3.access-key", "mailfleet.s3.secret-key", "mailfleet.imap.tls-certificate",
            "mailfleet.imap.tls-key", "mailfleet.imap.allow-plaintext-auth", "mailfleet.imap.idle-poll-interval",
            "mailfleet.imap.idle-resync-interval", "mailfleet.topics.inbound", "mailfleet.topics.outbound",
            "mailfleet.topics.mailbox-events", "mailfleet.topics.dead-letter", "mailfleet.topics.directory-events");

    private final ServiceProcess service;
    private final int port;
    private final int tlsPort;

    private GatewayProcess(ServiceProcess service, int port, int tlsPort) {
        this.service = service;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    /** A second instance beside the one under test; waits until it is ready. */
    static GatewayProcess start(Path log, Duration timeout) throws IOException, InterruptedException {
        return start(log, timeout, Map.of());
    }

    /** A second instance with {@code settings} over the running test's; waits until it is ready. */
    static GatewayProcess start(Path log, Duration timeout, Map<String, String> settings) throws IOException, InterruptedException {
        Config running = ConfigProvider.getConfig();
        Map<String, String> config = new TreeMap<>();
        SHARED.forEach(name -> config.put(name, running.getValue(name, String.class)));
        config.putAll(settings);
        return start(config, log, timeout);
    }

    /**
     * An instance with these settings ({@code mailfleet.*} names), plaintext logins allowed; waits until it
     * is ready.
     */
    static GatewayProcess start(Map<String, String> settings, Path log, Duration timeout) throws IOException, InterruptedException {
        Map<String, String> config = new TreeMap<>(settings);
        config.putIfAbsent("mailfleet.imap.allow-plaintext-auth", "true");
        int port = Ports.free();
        int tlsPort = Ports.free();
        config.put("mailfleet.imap.port", Integer.toString(port));
        config.put("mailfleet.imap.tls-port", Integer.toString(tlsPort));
        config.put("mailfleet.imap.bind-address", "127.0.0.1");
        return new GatewayProcess(ServiceProcess.start(config, List.of(port), log, timeout), port, tlsPort);
    }

    int port() {
        return port;
    }

    int tlsPort() {
        return tlsPort;
    }

    /** The process's resident set size, from /proc. */
    long residentBytes() throws IOException {
        return service.residentBytes();
    }

    int httpPort() {
        return service.httpPort();
    }

    /** Its metrics as Prometheus scrapes them. */
    String metrics() throws IOException, InterruptedException {
        return service.metrics();
    }

    /** SIGTERM, as Kubernetes stops a pod: the gateway drains and exits by itself. */
    void terminate() {
        service.terminate();
    }

    boolean exited(Duration within) throws InterruptedException {
        return service.exited(within);
    }

    @Override
    public void close() throws InterruptedException {
        service.close();
    }
}
