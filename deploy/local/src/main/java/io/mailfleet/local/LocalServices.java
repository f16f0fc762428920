package io.mailfleet.local;

import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.process.ServerProcess;
import io.mailfleet.testing.process.ServerStartException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The mailfleet services of the local stack, each a Quarkus application run from its build output
 * as a child process, configured through the same {@code mailfleet.*} names as in production.
 */
final class LocalServices implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final List<Running> running = new ArrayList<>();

    /** A running service; {@code url} is its HTTP side (API, or health and metrics). */
    record Running(String name, String url, ServerProcess process) {
    }

    /** Starts every service; stops the ones already started if one fails. */
    static LocalServices start(Path projectHome, LocalStackSettings settings, Infrastructure servers, String adminToken,
                               LocalCertificate.Pem tls) {
        LocalServices services = new LocalServices();
        try {
            services.startService(projectHome, settings, "admin-api", settings.adminPort(), servers,
                    Map.of("mailfleet.admin.token", adminToken));
            LocalStackSettings.SmtpPorts smtp = settings.smtp();
            services.startService(projectHome, settings, "smtp-ingress", smtp.http(), servers, Map.of(
                    "mailfleet.smtp.bind-address", "127.0.0.1",
                    "mailfleet.smtp.mx-port", Integer.toString(smtp.mx()),
                    "mailfleet.smtp.submission-port", Integer.toString(smtp.submission()),
                    "mailfleet.smtp.submissions-port", Integer.toString(smtp.submissions()),
                    "mailfleet.smtp.tls-certificate", tls.certificate().toString(),
                    "mailfleet.smtp.tls-key", tls.key().toString()));
            services.startService(projectHome, settings, "delivery-worker", settings.deliveryPort(), servers, Map.of(
                    "mailfleet.delivery.hostname", "localhost"));
            LocalStackSettings.Pop3Ports pop3 = settings.pop3();
            services.startService(projectHome, settings, "pop3-gateway", pop3.http(), servers, Map.of(
                    "mailfleet.pop3.bind-address", "127.0.0.1",
                    "mailfleet.pop3.port", Integer.toString(pop3.pop3()),
                    "mailfleet.pop3.tls-port", Integer.toString(pop3.pop3s()),
                    "mailfleet.pop3.tls-certificate", tls.certificate().toString(),
                    "mailfleet.pop3.tls-key", tls.key().toString()));
            return services;
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
    }

    private void startService(Path projectHome, LocalStackSettings settings, String name, int port, Infrastructure servers,
                              Map<String, String> own) {
        Path jar = projectHome.resolve("services").resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new ServerStartException(name + " is not built (" + jar + "); run ./mvnw -DskipTests package");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dquarkus.http.port=" + port,
                "-Dmailfleet.cassandra.contact-point=" + servers.cassandra().host() + ":" + servers.cassandra().port(),
                "-Dmailfleet.cassandra.local-datacenter=" + servers.cassandra().localDatacenter(),
                "-Dmailfleet.cassandra.keyspace=" + settings.keyspace(),
                "-Dmailfleet.kafka.bootstrap-servers=" + servers.kafka().bootstrapServers(),
                "-Dmailfleet.s3.endpoint=" + servers.s3().url(),
                "-Dmailfleet.s3.region=" + servers.s3().region(),
                "-Dmailfleet.s3.access-key=" + servers.s3().accessKey(),
                "-Dmailfleet.s3.secret-key=" + servers.s3().secretKey(),
                "-Dmailfleet.s3.bucket=" + settings.bucket()));
        own.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        ServerProcess process = ServerProcess.start(name, List.of(), command, settings.dataDir(),
                settings.dataDir().resolve("logs").resolve(name + ".log"), Duration.ofSeconds(30));
        String url = "http://127.0.0.1:" + port;
        running.add(new Running(name, url, process));
        process.awaitReady(READY_TIMEOUT, () -> ready(url));
    }

    private static boolean ready(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    List<Running> running() {
        return List.copyOf(running);
    }

    /** Stops the services before the servers they use, newest first. */
    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).process().close();
        }
    }
}
