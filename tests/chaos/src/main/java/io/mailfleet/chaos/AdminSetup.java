package io.mailfleet.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Makes the run's domain, accounts and alias through admin-api, as an operator would. */
final class AdminSetup {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AdminSetup() {
    }

    /** The domain, then the accounts a few at a time (each costs admin-api a password hash), then the alias. */
    static void run(int adminPort, String token, int accounts) throws Exception {
        String base = "http://127.0.0.1:" + adminPort + "/api/v1/";
        post(base + "domains", token, "{\"name\":\"" + SmtpLoad.DOMAIN + "\"}");
        Parallel.run(java.util.stream.IntStream.range(0, accounts).<Parallel.Task<Void>>mapToObj(i -> () -> {
            post(base + "accounts", token, "{\"address\":\"" + SmtpLoad.account(i) + "\",\"password\":\"" + Readers.PASSWORD + "\"}");
            return null;
        }).toList());
        List<String> targets = new java.util.ArrayList<>(SmtpLoad.ALIAS_ACCOUNTS.stream().map(SmtpLoad::account).toList());
        targets.add(SmtpLoad.REMOTE);
        post(base + "aliases", token, "{\"source\":\"" + SmtpLoad.ALIAS + "\",\"targets\":["
                + String.join(",", targets.stream().map(target -> "\"" + target + "\"").toList()) + "]}");
    }

    private static void post(String url, String token, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new IOException("POST " + url + " " + json + ": " + response.statusCode() + " " + response.body());
        }
    }
}
