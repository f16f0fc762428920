package io.mailfleet.local;

import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.process.Readiness;
import io.mailfleet.testing.process.ServerProcess;
import io.mailfleet.testing.process.ServerStartException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mailfleet services of the local stack, each a Quarkus application run from its build output
 * as a child process, configured through the same {@code mailfleet.*} names as in production: every
 * service of {@link LocalService#ALL}, as many instances of each as asked for.
 */
final class LocalServices implements AutoCloseable {

    /** For the last of the instances, which all start at once on a machine that may have two cores. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final List<Running> running = new ArrayList<>();

    /**
     * A running instance of a service: {@code instance} counts from 0, {@code url} is its HTTP
     * side (API, or health and metrics), {@code ports} its ports in the order of {@link LocalService#ports()}.
     */
    record Running(LocalService service, int instance, String url, List<Integer> ports, ServerProcess process) {

        String name() {
            return instanceName(service, instance);
        }
    }

    /** The service's name for the first instance, then {@code smtp-ingress-2}, {@code smtp-ingress-3}, … */
    static String instanceName(LocalService service, int instance) {
        return instance == 0 ? service.name() : service.name() + "-" + (instance + 1);
    }

    /**
     * {@code --scale NAME=N[,NAME=N…]}, repeatable: how many instances of each named service to run
     * (1 for the others).
     */
    static Map<String, Integer> scale(List<String> args) {
        Map<String, Integer> scale = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            if (!args.get(i).equals("--scale")) {
                continue;
            }
            if (i + 1 == args.size()) {
                throw new IllegalArgumentException("--scale needs SERVICE=N");
            }
            for (String entry : args.get(++i).split(",")) {
                String[] parts = entry.split("=", 2);
                LocalService service = LocalService.named(parts[0].trim());
                int count;
                try {
                    count = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : -1;
                } catch (NumberFormatException e) {
                    count = -1;
                }
                if (count < 1 || count > LocalService.MAX_INSTANCES) {
                    throw new IllegalArgumentException("--scale " + entry + ": give " + service.name() + "=N with N from 1 to "
                            + LocalService.MAX_INSTANCES);
                }
                scale.put(service.name(), count);
            }
        }
        return scale;
    }

    /**
     * Starts every instance of every service, all at once, then waits until each is ready: the
     * services depend only on the servers, never on each other, and one after another they took
     * the sum of their start times. Stops the ones already started if one fails.
     */
    static LocalServices start(Path projectHome, LocalStackSettings settings, Infrastructure servers,
                               LocalService.Launch launch, Map<String, Integer> scale) {
        LocalServices services = new LocalServices();
        try {
            for (LocalService service : LocalService.ALL) {
                for (int instance = 0; instance < scale.getOrDefault(service.name(), 1); instance++) {
                    services.startInstance(projectHome, settings, servers, launch, service, instance);
                }
            }
            for (Running instance : services.running) {
                instance.process().awaitReady(READY_TIMEOUT, () -> Readiness.ready(instance.url()));
            }
            return services;
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
    }

    private void startInstance(Path projectHome, LocalStackSettings settings, Infrastructure servers,
                               LocalService.Launch launch, LocalService service, int instance) {
        Path jar = projectHome.resolve("services").resolve(service.name()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new ServerStartException(service.name() + " is not built (" + jar + "); run ./mvnw -DskipTests package");
        }
        List<Integer> ports = settings.ports(service, instance);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dquarkus.http.port=" + ports.get(0),
                "-Dmailfleet.cassandra.contact-point=" + servers.cassandra().host() + ":" + servers.cassandra().port(),
                "-Dmailfleet.cassandra.local-datacenter=" + servers.cassandra().localDatacenter(),
                "-Dmailfleet.cassandra.keyspace=" + settings.keyspace(),
                "-Dmailfleet.kafka.bootstrap-servers=" + servers.kafka().bootstrapServers(),
                "-Dmailfleet.s3.endpoint=" + servers.s3().url(),
                "-Dmailfleet.s3.region=" + servers.s3().region(),
                "-Dmailfleet.s3.access-key=" + servers.s3().accessKey(),
                "-Dmailfleet.s3.secret-key=" + servers.s3().secretKey(),
                "-Dmailfleet.s3.bucket=" + settings.bucket()));
        listenerSettings(service, ports, launch.certificate()).forEach((key, value) -> command.add("-D" + key + "=" + value));
        service.ownSettings().apply(launch).forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        String url = "http://127.0.0.1:" + ports.get(0);
        String name = instanceName(service, instance);
        ServerProcess process = ServerProcess.start(name, List.of(), command, settings.dataDir(),
                settings.dataDir().resolve("logs").resolve(name + ".log"), Duration.ofSeconds(30));
        running.add(new Running(service, instance, url, ports, process));
    }

    /** A protocol service binds its listeners to loopback, on the instance's ports, with the local certificate. */
    private static Map<String, String> listenerSettings(LocalService service, List<Integer> ports, LocalCertificate.Pem tls) {
        Map<String, String> listeners = new LinkedHashMap<>();
        if (service.listeners().isEmpty()) {
            return listeners;
        }
        listeners.put(service.prefix() + ".bind-address", "127.0.0.1");
        listeners.put(service.prefix() + ".tls-certificate", tls.certificate().toString());
        listeners.put(service.prefix() + ".tls-key", tls.key().toString());
        for (int i = 0; i < service.listeners().size(); i++) {
            listeners.put(service.prefix() + "." + service.listeners().get(i).property(), Integer.toString(ports.get(i + 1)));
        }
        return listeners;
    }

    List<Running> running() {
        return List.copyOf(running);
    }

    /**
     * Stops the services (before the servers they use), all at once: each waits for its own
     * shutdown, which one after another added up.
     */
    @Override
    public void close() {
        List<Thread> stopping = new ArrayList<>();
        for (Running instance : running) {
            Thread thread = new Thread(() -> instance.process().close(), "stop-" + instance.name());
            thread.start();
            stopping.add(thread);
        }
        boolean interrupted = false;
        for (Thread thread : stopping) {
            // The servers are stopped next: wait for every service first, even when interrupted.
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
