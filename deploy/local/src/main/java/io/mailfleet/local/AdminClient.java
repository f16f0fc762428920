package io.mailfleet.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small client of the admin API, for the local stack's seed data and the command line. */
final class AdminClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;
    private final String token;

    record Reply(int status, JsonNode body) {

        boolean ok() {
            return status / 100 == 2;
        }

        /** The problem's detail, or the status when the body has none. */
        String detail() {
            return body != null && body.hasNonNull("detail") ? body.get("detail").asText() : "HTTP " + status;
        }
    }

    AdminClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    Reply post(String path, Object body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return new Reply(response.statusCode(), body == null || body.isBlank() ? null : JSON.readTree(body));
    }
}
