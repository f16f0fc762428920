package io.mailfleet.testing.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * GETs of a service's operator endpoints ({@code /q/metrics}, {@code /q/health}) as Prometheus and Kubernetes ask them:
 * over HTTP/1.1 and within a timeout. One scrape with the JDK client's defaults (which ask a plain-text server to
 * upgrade to HTTP/2) never got an answer while the gateway answered curl at once, and held a test for twenty minutes.
 */
public final class ServiceHttp {

    /** Longer than any scrape of a loaded machine takes; a scrape that takes longer fails the test instead of holding it. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    private ServiceHttp() {
    }

    public static HttpResponse<String> get(URI endpoint) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(endpoint).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }
}
