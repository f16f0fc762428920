package io.mailfleet.testing.process;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The service a test module packages ({@code target/quarkus-app/quarkus-run.jar}) as a child process
 * of the test, with settings the test gives: an instance whose memory, signals and exit are its own,
 * apart from the test JVM and whatever ran in it before.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final Process process;
    private final int httpPort;

    private ServiceProcess(Process process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    /**
     * Starts the service with {@code settings} as system properties and an HTTP port of its own, and
     * waits until each of {@code listeners} (ports on 127.0.0.1 the settings give it) accepts
     * connections and the service says it is ready.
     */
    public static ServiceProcess start(Map<String, String> settings, List<Integer> listeners, Path log, Duration timeout)
            throws IOException, InterruptedException {
        int httpPort = Ports.free();
        Map<String, String> config = new TreeMap<>(settings);
        config.put("quarkus.http.port", Integer.toString(httpPort));
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", JAR.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServiceProcess service = new ServiceProcess(process, httpPort);
        long deadline = System.nanoTime() + timeout.toNanos();
        // Ready means its backend sessions are made too: a first client then does not pay for connecting.
        while (!listeners.stream().allMatch(port -> Ports.accepts("127.0.0.1", port)) || !Readiness.ready(httpPort)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                service.close();
                throw new IllegalStateException("the service did not get ready; its log is " + log);
            }
            Thread.sleep(200);
        }
        return service;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The process's resident set size, from /proc; fails rather than answer a size it could not read. */
    public long residentBytes() throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024)
                .findFirst().orElseThrow(() -> new IOException("no VmRSS for process " + process.pid()));
    }

    /** Its metrics as Prometheus scrapes them (see {@link ServiceHttp}). */
    public String metrics() throws IOException, InterruptedException {
        return ServiceHttp.get(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics")).body();
    }

    /** SIGTERM, as Kubernetes stops a pod: the service drains and exits by itself. */
    public void terminate() {
        process.destroy();
    }

    public boolean exited(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
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
