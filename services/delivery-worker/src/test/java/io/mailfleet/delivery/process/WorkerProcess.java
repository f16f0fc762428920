package io.mailfleet.delivery.process;

import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.process.Ports;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged delivery worker as a child process, pointed at the test servers: a real instance to kill. */
final class WorkerProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Process process;
    private final int httpPort;

    private WorkerProcess(Process process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    static WorkerProcess start(Infrastructure servers, Map<String, String> settings, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        Map<String, String> config = new java.util.TreeMap<>(RealInfrastructureResource.serviceConfig(servers));
        int httpPort = Ports.free();
        config.put("quarkus.http.port", Integer.toString(httpPort));
        // When the group rebalances and what each member gets, in the worker's log.
        config.put("quarkus.log.category.\"org.apache.kafka.clients.consumer.internals\".level", "INFO");
        config.putAll(settings);
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", JAR.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new WorkerProcess(process, httpPort);
    }

    /** Whether {@code /q/health/ready} answers 200 now; false while the HTTP server is not up either. */
    boolean isReady() {
        try {
            return get("/q/health/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The Prometheus page of {@code /q/metrics}. */
    String metrics() throws IOException {
        return get("/q/metrics").body();
    }

    private HttpResponse<String> get(String path) throws IOException {
        // Room for a worker on a loaded machine: in a parallel build beside other builds, /q/metrics once took over 2 s.
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** SIGKILL: no shutdown hook, no offset commit, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
        }
    }
}
