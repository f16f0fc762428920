package io.mailfleet.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the delivery worker's Prometheus endpoint: the local latency and stage histograms and the delivered count. */
final class WorkerMetrics {

    /** A bucket line: its labels, then its count. */
    private static final Pattern BUCKET_LINE = Pattern.compile("^(\\w+)_bucket\\{([^}]*)} ([0-9.eE+-]+)$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Pattern DELIVERED = Pattern.compile(
            "mailfleet_delivery_recipients_total\\{[^}]*outcome=\"delivered\"[^}]*route=\"local\"[^}]*} ([0-9.eE+-]+)"
                    + "|mailfleet_delivery_recipients_total\\{[^}]*route=\"local\"[^}]*outcome=\"delivered\"[^}]*} ([0-9.eE+-]+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI metrics;

    WorkerMetrics(String baseUrl) {
        this.metrics = URI.create(baseUrl + "/q/metrics");
    }

    /** Cumulative counts of the local delivery latency by bucket upper bound, in seconds. */
    Map<Double, Double> latencyBuckets() throws IOException, InterruptedException {
        return buckets("mailfleet_delivery_latency_seconds", "route", "local");
    }

    /** The same for one stage of the worker's {@code mailfleet_delivery_stage_seconds}. */
    Map<Double, Double> stageBuckets(String stage) throws IOException, InterruptedException {
        return buckets("mailfleet_delivery_stage_seconds", "stage", stage);
    }

    private Map<Double, Double> buckets(String histogram, String label, String value) throws IOException, InterruptedException {
        Map<Double, Double> buckets = new TreeMap<>();
        Matcher line = BUCKET_LINE.matcher(scrape());
        while (line.find()) {
            if (!line.group(1).equals(histogram)) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            Matcher each = LABEL.matcher(line.group(2));
            while (each.find()) {
                labels.put(each.group(1), each.group(2));
            }
            if (value.equals(labels.get(label)) && labels.containsKey("le")) {
                String le = labels.get("le");
                buckets.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), Double.parseDouble(line.group(3)));
            }
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
