package io.mailfleet.deploy.kubernetes;

import io.mailfleet.deploy.kubernetes.ServiceSettings.Setting;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.peers.Certificate;
import io.mailfleet.testing.process.Ports;
import io.mailfleet.testing.process.ServerProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workload of the dev overlay run from its service's package output with the environment its
 * manifest gives it, but pointed at the test servers and with every listening port moved to a
 * free one (the manifest's ports are the stack's defaults, which this machine may be using).
 */
record StartedService(Workload workload, Map<String, Integer> ports, ServerProcess process) implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final String ADMIN_TOKEN = "manifest-test-token";

    /** Starts the workload; {@link #awaitReady} waits for it. */
    static StartedService start(Workload workload, Infrastructure servers, Certificate tls, Path logs) {
        Map<String, String> environment = new LinkedHashMap<>();
        workload.environment().forEach((name, value) -> environment.put(name, value.orElse("")));
        environment.putAll(Map.of(
                "MAILFLEET_KAFKA_BOOTSTRAP_SERVERS", servers.kafka().bootstrapServers(),
                "MAILFLEET_CASSANDRA_CONTACT_POINT", servers.cassandra().host() + ":" + servers.cassandra().port(),
                "MAILFLEET_CASSANDRA_LOCAL_DATACENTER", servers.cassandra().localDatacenter()));
        replaceIfSet(environment, "MAILFLEET_S3_ENDPOINT", servers.s3().url());
        replaceIfSet(environment, "MAILFLEET_S3_REGION", servers.s3().region());
        replaceIfSet(environment, "MAILFLEET_S3_ACCESS_KEY", servers.s3().accessKey());
        replaceIfSet(environment, "MAILFLEET_S3_SECRET_KEY", servers.s3().secretKey());
        replaceIfSet(environment, "MAILFLEET_ADMIN_TOKEN", ADMIN_TOKEN);
        environment.replaceAll((name, value) -> name.endsWith("_TLS_CERTIFICATE") ? tls.certificate().toString()
                : name.endsWith("_TLS_KEY") ? tls.key().toString() : value);
        ServiceSettings settings = ServiceSettings.of(workload.service());
        // Never open a connection to the outside: the relay's DNS goes to a closed local port.
        settings.byVariable("MAILFLEET_RELAY_DNS_SERVERS").ifPresent(dns -> environment.put(dns.variable(), "127.0.0.1:" + Ports.free()));
        settings.all().values().stream().filter(setting -> setting.property().endsWith(".bind-address"))
                .forEach(bind -> environment.put(bind.variable(), "127.0.0.1"));

        Map<String, Integer> ports = new LinkedHashMap<>();
        workload.ports().forEach((name, containerPort) -> {
            Setting setting = settings.ports()
                    .filter(port -> ManifestsMatchCodeTest.effectiveValue(port, workload.environment()).equals(Optional.of(containerPort.toString())))
                    .findFirst().orElseThrow(() -> new IllegalStateException(workload + ": no setting listens on " + containerPort));
            int free = Ports.free();
            environment.put(setting.variable(), Integer.toString(free));
            ports.put(name, free);
        });

        List<String> command = new ArrayList<>(List.of("/usr/bin/env"));
        environment.forEach((name, value) -> command.add(name + "=" + value));
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-jar", Project.quarkusApp(workload.service()).resolve("quarkus-run.jar").toString()));
        ServerProcess process = ServerProcess.start(workload.name(), List.of(), command, logs, logs.resolve(workload.name() + ".log"),
                Duration.ofSeconds(30));
        return new StartedService(workload, Map.copyOf(ports), process);
    }

    private static void replaceIfSet(Map<String, String> environment, String name, String value) {
        environment.computeIfPresent(name, (key, old) -> value);
    }

    String name() {
        return workload.name();
    }

    String httpUrl() {
        return "http://127.0.0.1:" + ports.get("http");
    }

    void awaitReady(Duration timeout) {
        process.awaitReady(timeout, () -> status("/q/health/ready") == 200);
    }

    /** The HTTP status of a GET on the service's http port, or -1 when it does not answer. */
    int status(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(httpUrl() + path)).timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Waits until the service's /q/metrics has a line starting with {@code series}. */
    void awaitMetric(String series, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(httpUrl() + "/q/metrics")).timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            if (HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body().lines().anyMatch(line -> line.startsWith(series))) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(this + " exports no " + series + " after " + timeout);
    }

    /**
     * Until the server has seen the client's closed connections closed, a moment after the client
     * closed them, they still count against the per-address limit on every listener.
     */
    void awaitNoOpenConnections(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(httpUrl() + "/q/metrics")).timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            double open = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body().lines()
                    .filter(line -> line.startsWith("mailfleet_server_connections{"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
            if (open == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(this + " still counts connections open after " + timeout);
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return workload.toString();
    }
}
