package io.mailfleet.deploy.kubernetes;

import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.RealInfrastructureExtension;
import io.mailfleet.testing.peers.Certificate;
import io.mailfleet.testing.process.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev overlay's workloads run from the packaged services with their manifests' environment,
 * on the test servers: every probe path and container port answers. Then Debian's Prometheus
 * with the shipped configuration scrapes them under a little traffic, promtool accepts the alert
 * rules, and every expression of the alert rules and dashboards is valid and selects only
 * metrics the services export. Mail goes through all of them too: a message sent by BDAT without
 * its final CRLF is listed by POP3 with the octets RETR sends.
 */
@ExtendWith(RealInfrastructureExtension.class)
class ServicesAndDashboardsIT {

    private static final List<StartedService> SERVICES = new ArrayList<>();
    private static Path work;

    @BeforeAll
    static void startTheDevWorkloads(Infrastructure servers) throws IOException {
        work = Files.createTempDirectory(Files.createDirectories(Project.target()), "services-and-dashboards-");
        Certificate tls = Certificate.selfSigned(work, "localhost", Duration.ofSeconds(30));
        for (Workload workload : Workload.all("dev")) {
            SERVICES.add(StartedService.start(workload, servers, tls, work));
        }
        SERVICES.forEach(service -> service.awaitReady(Duration.ofSeconds(120)));
    }

    /** All at once: each stop waits for its service's own shutdown, which one after another added up. */
    @AfterAll
    static void stop() {
        ExecutorService stopping = Executors.newCachedThreadPool();
        try {
            SERVICES.stream().map(service -> CompletableFuture.runAsync(service::close, stopping)).toList()
                    .forEach(CompletableFuture::join);
        } finally {
            stopping.shutdown();
        }
    }

    @Test
    void everyProbeAndContainerPortAnswers() {
        for (StartedService service : SERVICES) {
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                String path = service.workload().container().path(probe).path("httpGet").path("path").asText();
                assertThat(service.status(path)).as("%s %s %s", service, probe, path).isEqualTo(200);
            }
            assertThat(service.ports()).as("%s", service).allSatisfy((name, port) ->
                    assertThat(Ports.accepts("127.0.0.1", port)).as("%s port %s", service, name).isTrue());
        }
    }

    @Test
    void alertRulesAndDashboardsQueryOnlyExportedMetrics() throws Exception {
        StartedService smtp = service("smtp-ingress");
        Traffic.createAccount(service("admin-api"));
        Traffic.mailOverMx(smtp.ports().get("smtp"));
        Traffic.overTheConnectionLimit(smtp.ports().get("smtp"),
                Integer.parseInt(smtp.workload().environment().get("MAILFLEET_SMTP_MAX_CONNECTIONS_PER_IP").orElseThrow()));
        smtp.awaitNoOpenConnections(Duration.ofSeconds(30));
        Traffic.submissions(smtp.ports().get("submissions"));
        service("delivery-worker").awaitMetric("mailfleet_delivery_recipients_total{outcome=\"delivered\"", Duration.ofSeconds(60));
        Traffic.pop3FailedLogin(service("pop3-gateway").ports().get("pop3s"));
        Traffic.pop3RetrieveAndDelete(service("pop3-gateway").ports().get("pop3s"));

        Map<String, String> targets = new LinkedHashMap<>();
        SERVICES.forEach(service -> targets.put(service.name(), "127.0.0.1:" + service.ports().get("http")));
        try (PrometheusServer prometheus = PrometheusServer.start(work.resolve("prometheus"), targets)) {
            prometheus.awaitScrapes(SERVICES.size(), Duration.ofSeconds(60));
            assertThat(promtoolCheckRules()).isZero();
            Set<String> exported = prometheus.metricNames();
            Files.write(work.resolve("exported-metrics.txt"), exported);

            Map<String, String> expressions = new TreeMap<>(PromQl.alertExpressions());
            expressions.putAll(PromQl.dashboardExpressions());
            assertThat(expressions).as("dashboard panels").anySatisfy((name, expression) -> assertThat(name).contains(".json"));
            Map<String, Integer> returned = new TreeMap<>();
            for (var entry : expressions.entrySet()) {
                returned.put(entry.getKey(), prometheus.query(entry.getValue()).size());
                assertThat(PromQl.metricNames(entry.getValue())).as("metrics of %s: %s", entry.getKey(), entry.getValue())
                        .isNotEmpty().allMatch(exported::contains);
            }
            Files.write(work.resolve("series-returned.txt"), returned.entrySet().stream().map(e -> e.getValue() + "\t" + e.getKey()).toList());
            // Alert expressions are quiet when all is well; the panels show what the traffic did.
            assertThat(returned.entrySet()).anyMatch(panel -> panel.getKey().contains(".json") && panel.getValue() > 0);
        }
    }

    /**
     * Through smtp-ingress, delivery-worker and pop3-gateway: LIST, STAT and the octets RETR sends
     * agree for a message whose last line had no CRLF, which the POP3 response must end with one.
     */
    @Test
    void aBdatMessageWithoutItsFinalLineEndIsListedWithTheOctetsRetrSends() throws Exception {
        String account = "chunks@chunks.example.test";
        String password = "another long password";
        Traffic.createAccountInNewDomain(service("admin-api"), account, password);
        int sent = Traffic.bdatWithoutFinalLineEnd(service("smtp-ingress").ports().get("smtp"), account);

        int pop3s = service("pop3-gateway").ports().get("pop3s");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Traffic.Pop3Sizes sizes = Traffic.pop3Sizes(pop3s, account, password);
        while (sizes.listed().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            sizes = Traffic.pop3Sizes(pop3s, account, password);
        }

        assertThat(sizes.listed()).as("delivered").hasSize(1);
        assertThat(sizes.retrieved()).as("RETR's octets are LIST's").isEqualTo(sizes.listed());
        assertThat(sizes.statOctets()).as("STAT's octets").isEqualTo(sizes.listed().get(0));
        // The stored message also carries the Received: field ingress adds, so it is longer than what was sent.
        assertThat(sizes.listed().get(0)).as("the message, its trace field and the CRLF its last line needed")
                .isGreaterThan(sent + 2L);
    }

    private static int promtoolCheckRules() throws IOException, InterruptedException {
        Process promtool = new ProcessBuilder(PrometheusServer.binary("promtool").toString(), "check", "rules",
                Project.home().resolve("deploy/prometheus/alerts.yml").toString()).inheritIO().start();
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return promtool.exitValue();
    }

    private static StartedService service(String name) {
        return SERVICES.stream().filter(service -> service.name().equals(name)).findFirst().orElseThrow();
    }
}
