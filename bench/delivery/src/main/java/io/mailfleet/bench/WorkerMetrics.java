package io.mailfleet.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the delivery worker's Prometheus endpoint: the local latency histogram and the delivered count. */
final class WorkerMetrics {

    private static final Pattern BUCKET = Pattern.compile(
            "mailfleet_delivery_latency_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*route=\"local\"[^}]*} ([0-9.eE+-]+)"
                    + "|mailfleet_delivery_latency_seconds_bucket\\{[^}]*route=\"local\"[^}]*le=\"([^\"]+)\"[^}]*} ([0-9.eE+-]+)");
    private static final Pattern DELIVERED = Pattern.compile(
            "mailfleet_delivery_recipients_total\\{[^}]*outcome=\"delivered\"[^}]*route=\"local\"[^}]*} ([0-9.eE+-]+)"
                    + "|mailfleet_delivery_recipients_total\\{[^}]*route=\"local\"[^}]*outcome=\"delivered\"[^}]*} ([0-9.eE+-]+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI metrics;

    WorkerMetrics(String baseUrl) {
        this.metrics = URI.create(baseUrl + "/q/metrics");
    }

    /** Cumulative counts by bucket upper bound, in seconds. */
    Map<Double, Double> latencyBuckets() throws IOException, InterruptedException {
        Map<Double, Double> buckets = new TreeMap<>();
        Matcher m = BUCKET.matcher(scrape());
        while (m.find()) {
            String le = m.group(1) != null ? m.group(1) : m.group(3);
            String count = m.group(2) != null ? m.group(2) : m.group(4);
            buckets.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), Double.parseDouble(count));
        }
        return buckets;
    }

    double delivered() throws IOException, InterruptedException {
        Matcher m = DELIVERED.matcher(scrape());
        return m.find() ? Double.parseDouble(m.group(1) != null ? m.group(1) : m.group(2)) : 0;
    }

    /** The quantile of the observations between two scrapes, as the upper bound of the bucket holding it. */
    static double quantile(Map<Double, Double> before, Map<Double, Double> after, double q) {
        double total = after.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        for (Map.Entry<Double, Double> bucket : after.entrySet()) {
            double count = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0);
            if (count >= q * total) {
                return bucket.getKey();
            }
        }
        return Double.NaN;
    }

    private String scrape() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
