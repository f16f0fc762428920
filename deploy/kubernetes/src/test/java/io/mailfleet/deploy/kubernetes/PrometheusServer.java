package io.mailfleet.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailfleet.testing.process.Ports;
import io.mailfleet.testing.process.ServerProcess;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's Prometheus run with the shipped deploy/prometheus configuration and rules (copied to a
 * work folder with a targets file naming the started services), on a free loopback port. The copy
 * scrapes every second instead of every 5 s: the test waits for three scrapes of each target,
 * which at the shipped interval took 10 to 15 s of waiting and nothing more.
 */
final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GLOBAL_SCRAPE_INTERVAL = Pattern.compile("(?m)^(global:\\s*\\n\\s+scrape_interval:).*$");

    private final ServerProcess process;
    private final String url;

    private PrometheusServer(ServerProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    static Path binary(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(name + " is not installed: .ci/install-test-clients installs Debian's prometheus package "
                + "(run it as root)");
    }

    /** @param targets service name → host:port of its metrics */
    static PrometheusServer start(Path work, Map<String, String> targets) throws IOException {
        Path shipped = Project.home().resolve("deploy/prometheus");
        Files.createDirectories(work.resolve("targets"));
        Files.writeString(work.resolve("prometheus.yml"), scrapingEverySecond(Files.readString(shipped.resolve("prometheus.yml"))));
        Files.copy(shipped.resolve("alerts.yml"), work.resolve("alerts.yml"));
        List<Map<String, Object>> groups = targets.entrySet().stream()
                .map(target -> Map.<String, Object>of("targets", List.of(target.getValue()),
                        "labels", Map.of("system", "mailfleet", "service", target.getKey())))
                .toList();
        JSON.writeValue(work.resolve("targets/mailfleet.json").toFile(), groups);
        int port = Ports.free();
        ServerProcess process = ServerProcess.start("prometheus", List.of(), List.of(binary("prometheus").toString(),
                        "--config.file=" + work.resolve("prometheus.yml"), "--storage.tsdb.path=" + work.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port), work, work.resolve("prometheus.log"), Duration.ofSeconds(10));
        PrometheusServer prometheus = new PrometheusServer(process, "http://127.0.0.1:" + port);
        process.awaitReady(Duration.ofSeconds(30), prometheus::ready);
        return prometheus;
    }

    /** The configuration with its global scrape interval set to 1 s; fails if it names none. */
    static String scrapingEverySecond(String configuration) {
        Matcher interval = GLOBAL_SCRAPE_INTERVAL.matcher(configuration);
        if (!interval.find()) {
            throw new IllegalStateException("no global scrape_interval in the shipped prometheus.yml");
        }
        return interval.replaceFirst("$1 1s");
    }

    private boolean ready() {
        try {
            return get("/-/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The result of an instant query; throws when Prometheus refuses the expression. */
    JsonNode query(String expression) throws IOException {
        HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(response.body());
        if (!body.path("status").asText().equals("success")) {
            throw new IllegalArgumentException(expression + ": " + body.path("error").asText());
        }
        return body.path("data").path("result");
    }

    Set<String> metricNames() throws IOException {
        Set<String> names = new TreeSet<>();
        JSON.readTree(get("/api/v1/label/__name__/values").body()).path("data").forEach(name -> names.add(name.asText()));
        return names;
    }

    /** Waits until every target has been scraped at least {@code scrapes} times since now. */
    void awaitScrapes(int targets, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (query("count(count_over_time(up{system=\"mailfleet\"}[1m]) >= 3 and up{system=\"mailfleet\"} == 1)").path(0)
                    .path("value").path(1).asInt() == targets) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("Prometheus did not scrape all " + targets + " targets: " + query("up"));
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return StartedService.HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
