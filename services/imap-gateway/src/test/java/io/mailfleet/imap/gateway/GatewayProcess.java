package io.mailfleet.imap.gateway;

import io.mailfleet.testing.process.Ports;
import io.mailfleet.testing.process.Readiness;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway as a child process with its own ports: a second instance on the same Cassandra, S3
 * and Kafka as the instance under test (servers, keyspace and certificate read from the running test's
 * configuration), or one with settings of a test's own, on servers the test names.
 */
final class GatewayProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final List<String> SHARED = List.of("mailfleet.kafka.bootstrap-servers", "mailfleet.cassandra.contact-point",
            "mailfleet.cassandra.local-datacenter", "mailfleet.cassandra.keyspace", "mailfleet.s3.endpoint",
            "mailfleet.s3.region", "mailfleet.s3.access-key", "mailfleet.s3.secret-key", "mailfleet.imap.tls-certificate",
            "mailfleet.imap.tls-key", "mailfleet.imap.allow-plaintext-auth", "mailfleet.imap.idle-poll-interval",
            "mailfleet.imap.idle-resync-interval", "mailfleet.topics.inbound", "mailfleet.topics.outbound",
            "mailfleet.topics.mailbox-events", "mailfleet.topics.dead-letter");

    private final Process process;
    private final int port;
    private final int tlsPort;
    private final int httpPort;

    private GatewayProcess(Process process, int port, int tlsPort, int httpPort) {
        this.process = process;
        this.port = port;
        this.tlsPort = tlsPort;
        this.httpPort = httpPort;
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
        int httpPort = Ports.free();
        config.put("mailfleet.imap.port", Integer.toString(port));
        config.put("mailfleet.imap.tls-port", Integer.toString(tlsPort));
        config.put("mailfleet.imap.bind-address", "127.0.0.1");
        config.put("quarkus.http.port", Integer.toString(httpPort));
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", JAR.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        GatewayProcess gateway = new GatewayProcess(process, port, tlsPort, httpPort);
        long deadline = System.nanoTime() + timeout.toNanos();
        // Ready means its Cassandra session is made too: a first login then does not pay for connecting.
        while (!gateway.accepts() || !Readiness.ready(httpPort)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                gateway.close();
                throw new IllegalStateException("the gateway did not get ready; its log is " + log);
            }
            Thread.sleep(200);
        }
        return gateway;
    }

    int port() {
        return port;
    }

    int tlsPort() {
        return tlsPort;
    }

    /** The process's resident set size, from /proc. */
    long residentBytes() throws IOException {
        return java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024)
                .findFirst().orElseThrow();
    }

    int httpPort() {
        return httpPort;
    }

    /** Its metrics as Prometheus scrapes them. */
    String metrics() throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** SIGTERM, as Kubernetes stops a pod: the gateway drains and exits by itself. */
    void terminate() {
        process.destroy();
    }

    boolean exited(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean accepts() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
