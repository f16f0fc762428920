package io.mailfleet.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * How many recipients the delivery workers found delivered already and skipped (a retried copy
 * after a 451, or an event read again after a crash), from their metrics: shows the duplicate
 * suppression at work. A counter starts at zero with its instance, so a killed instance's count is
 * gone and the sum is a lower bound.
 */
final class SkippedCopies {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String COUNTER = "mailfleet_delivery_recipients_total{";

    private SkippedCopies() {
    }

    static long count(List<ServiceFleet.Instance> deliveryWorkers) throws IOException, InterruptedException {
        long skipped = 0;
        for (ServiceFleet.Instance worker : deliveryWorkers) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.httpPort + "/q/metrics"))
                    .timeout(Duration.ofSeconds(30)).GET().build();
            String metrics = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
            skipped += metrics.lines().filter(line -> line.startsWith(COUNTER) && line.contains("outcome=\"duplicate\""))
                    .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        }
        return skipped;
    }
}
