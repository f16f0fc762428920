package io.mailfleet.imap.gateway;

import io.mailfleet.testing.process.Ports;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A second gateway instance: the packaged service as a child process, on the same Cassandra, S3 and Kafka
 * as the instance under test, with its own ports. It reads the servers, keyspace and certificate from the
 * running test's configuration.
 */
final class GatewayProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final List<String> SHARED = List.of("mailfleet.kafka.bootstrap-servers", "mailfleet.cassandra.contact-point",
            "mailfleet.cassandra.local-datacenter", "mailfleet.cassandra.keyspace", "mailfleet.s3.endpoint",
            "mailfleet.s3.region", "mailfleet.s3.access-key", "mailfleet.s3.secret-key", "mailfleet.imap.tls-certificate",
            "mailfleet.imap.tls-key", "mailfleet.imap.allow-plaintext-auth", "mailfleet.imap.idle-poll-interval",
            "mailfleet.imap.idle-resync-interval");

    private final Process process;
    private final int port;
    private final int tlsPort;

    private GatewayProcess(Process process, int port, int tlsPort) {
        this.process = process;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    /** Starts it and waits until its IMAP listener accepts connections. */
    static GatewayProcess start(Path log, Duration timeout) throws IOException, InterruptedException {
        return start(log, timeout, Map.of());
    }

    /** Starts it with {@code settings} over the running test's, and waits until its IMAP listener accepts connections. */
    static GatewayProcess start(Path log, Duration timeout, Map<String, String> settings) throws IOException, InterruptedException {
        Config running = ConfigProvider.getConfig();
        Map<String, String> config = new TreeMap<>();
        SHARED.forEach(name -> config.put(name, running.getValue(name, String.class)));
        int port = Ports.free();
        int tlsPort = Ports.free();
        config.put("mailfleet.imap.port", Integer.toString(port));
        config.put("mailfleet.imap.tls-port", Integer.toString(tlsPort));
        config.put("mailfleet.imap.bind-address", "127.0.0.1");
        config.put("quarkus.http.port", Integer.toString(Ports.free()));
        config.putAll(settings);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", JAR.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        GatewayProcess gateway = new GatewayProcess(process, port, tlsPort);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!gateway.accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                gateway.close();
                throw new IllegalStateException("the second gateway did not start; its log is " + log);
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
