package io.mailfleet.chaos;

import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.process.Ports;
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
import java.util.stream.IntStream;

/**
 * Every mailfleet service as child JVMs run from their packaged applications: two instances of
 * each stateless service and one admin-api, on ports chosen once, so that an instance killed with
 * SIGKILL is started again where clients look for it.
 */
final class ServiceFleet implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    /** One service: its module under {@code services/}, how many instances, its listeners' port settings. */
    enum Service {
        ADMIN_API("admin-api", 1, List.of()),
        SMTP_INGRESS("smtp-ingress", 2, List.of("mailfleet.smtp.mx-port", "mailfleet.smtp.submission-port",
                "mailfleet.smtp.submissions-port")),
        DELIVERY_WORKER("delivery-worker", 2, List.of()),
        POP3_GATEWAY("pop3-gateway", 2, List.of("mailfleet.pop3.port", "mailfleet.pop3.tls-port")),
        IMAP_GATEWAY("imap-gateway", 2, List.of("mailfleet.imap.port", "mailfleet.imap.tls-port"));

        final String module;
        final int instances;
        final List<String> portSettings;

        Service(String module, int instances, List<String> portSettings) {
            this.module = module;
            this.instances = instances;
            this.portSettings = portSettings;
        }
    }

    /** One instance: its HTTP port and its first protocol port (the MX, POP3 or IMAP listener), if any. */
    final class Instance {
        final Service service;
        final int index;
        final int httpPort = Ports.free();
        final List<Integer> listenerPorts;
        private ServerProcess process;

        private Instance(Service service, int index) {
            this.service = service;
            this.index = index;
            this.listenerPorts = service.portSettings.stream().map(setting -> Ports.free()).toList();
        }

        String name() {
            return service.module + "-" + (index + 1);
        }

        int port() {
            return listenerPorts.get(0);
        }

        boolean ready() {
            return Readiness.ready(httpPort);
        }

        private synchronized void start() {
            Path jar = projectHome.resolve("services").resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.isRegularFile(jar)) {
                throw new ServerStartException(service.module + " is not built (" + jar + "): build it with -am");
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // Start-up flags: nine JVMs start at once on a small machine; the first JIT tier and
                    // the serial collector cost the least CPU to get going, and a run is short.
                    "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
            settings(this).forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.addAll(List.of("-jar", jar.toString()));
            process = ServerProcess.start(name(), List.of(), command, workDir, workDir.resolve("logs").resolve(name() + ".log"),
                    Duration.ofSeconds(30));
        }

        synchronized boolean alive() {
            return process != null && process.isAlive();
        }

        /** SIGKILL: no shutdown hook, no drain, no offset commit. */
        synchronized void kill() {
            cpu.add(name(), process.processes());
            Signal.KILL.send(process.processes());
            process.close();
        }

        synchronized void restart() {
            start();
        }

        /** SIGTERM, as at the end of the run; its CPU is counted first. */
        private synchronized void stop() {
            if (process != null) {
                cpu.add(name(), process.processes());
                process.close();
            }
        }

        @Override
        public String toString() {
            return name();
        }
    }

    private final Path projectHome;
    private final Path workDir;
    private final Infrastructure servers;
    private final Map<String, String> shared;
    private final RunCpu cpu;
    private final Map<Service, List<Instance>> instances = new LinkedHashMap<>();

    /**
     * @param shared settings every instance gets besides the servers' endpoints: keyspace, bucket,
     *               and any service's own ({@code mailfleet.smtp.…} is read by smtp-ingress alone)
     */
    ServiceFleet(Path projectHome, Path workDir, Infrastructure servers, Map<String, String> shared, RunCpu cpu) {
        this.projectHome = projectHome;
        this.cpu = cpu;
        this.workDir = workDir;
        this.servers = servers;
        this.shared = shared;
        for (Service service : Service.values()) {
            instances.put(service, IntStream.range(0, service.instances).mapToObj(i -> new Instance(service, i)).toList());
        }
    }

    /** Starts every instance, all at once, and waits until each is ready. */
    void start() {
        all().forEach(Instance::start);
        for (Instance instance : all()) {
            instance.process.awaitReady(READY_TIMEOUT, instance::ready);
        }
    }

    List<Instance> of(Service service) {
        return instances.get(service);
    }

    List<Instance> all() {
        return instances.values().stream().flatMap(List::stream).toList();
    }

    /** How many instances {@link #killable()} lists, known before any starts. */
    static int killableCount() {
        return java.util.Arrays.stream(Service.values()).filter(service -> service != Service.ADMIN_API)
                .mapToInt(service -> service.instances).sum();
    }

    /** The stateless instances: those the fault scheduler may kill. */
    List<Instance> killable() {
        return all().stream().filter(instance -> instance.service != Service.ADMIN_API).toList();
    }

    private Map<String, String> settings(Instance instance) {
        Map<String, String> settings = new LinkedHashMap<>(shared);
        settings.put("mailfleet.kafka.bootstrap-servers", servers.kafka().bootstrapServers());
        settings.put("mailfleet.cassandra.contact-point", servers.cassandra().host() + ":" + servers.cassandra().port());
        settings.put("mailfleet.cassandra.local-datacenter", servers.cassandra().localDatacenter());
        settings.put("mailfleet.s3.endpoint", servers.s3().url());
        settings.put("mailfleet.s3.region", servers.s3().region());
        settings.put("mailfleet.s3.access-key", servers.s3().accessKey());
        settings.put("mailfleet.s3.secret-key", servers.s3().secretKey());
        settings.put("quarkus.http.port", Integer.toString(instance.httpPort));
        for (int i = 0; i < instance.listenerPorts.size(); i++) {
            settings.put(instance.service.portSettings.get(i), Integer.toString(instance.listenerPorts.get(i)));
        }
        return settings;
    }

    /** All at once: the run is over, and each instance's drain would otherwise wait for the one before. */
    @Override
    public void close() {
        List<Thread> stopping = new ArrayList<>();
        for (Instance instance : all()) {
            Thread thread = new Thread(instance::stop, "chaos-stop-" + instance);
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
