package io.mailfleet.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** What the issue asks of every mailfleet workload, checked on the rendered overlays. */
class ManifestPolicyTest {

    static List<Workload> workloads() {
        return ManifestsMatchCodeTest.workloads();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void probesAskQuarkusHealthOnTheHttpPort(Workload workload) {
        JsonNode container = workload.container();

        assertThat(probe(container, "startupProbe")).isEqualTo("/q/health/started@http");
        assertThat(probe(container, "readinessProbe")).isEqualTo("/q/health/ready@http");
        assertThat(probe(container, "livenessProbe")).isEqualTo("/q/health/live@http");
        assertThat(workload.ports()).containsKey("http");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void runsAsNonRootOnAReadOnlyRootWithAWritableTmp(Workload workload) {
        JsonNode pod = workload.podSpec();
        JsonNode container = workload.container().path("securityContext");

        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(container.path("capabilities").path("drop").toString()).contains("ALL");
        String tmpVolume = StreamSupport.stream(workload.container().path("volumeMounts").spliterator(), false)
                .filter(mount -> mount.path("mountPath").asText().equals("/tmp"))
                .map(mount -> mount.path("name").asText()).findFirst().orElseThrow();
        assertThat(StreamSupport.stream(pod.path("volumes").spliterator(), false)
                .filter(volume -> volume.path("name").asText().equals(tmpVolume))
                .anyMatch(volume -> volume.has("emptyDir"))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void hasAMemoryLimitTheHeapFollowsAndACpuRequest(Workload workload) {
        JsonNode resources = workload.container().path("resources");

        assertThat(resources.path("limits").path("memory").asText()).isNotEmpty();
        assertThat(resources.path("requests").path("memory").asText()).isEqualTo(resources.path("limits").path("memory").asText());
        assertThat(resources.path("requests").path("cpu").asText()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void terminationGraceOutlastsPreStopAndTheServicesDrain(Workload workload) {
        long preStop = workload.container().path("lifecycle").path("preStop").path("sleep").path("seconds").asLong(0);
        long drain = ServiceSettings.of(workload.service()).all().values().stream()
                .filter(setting -> setting.property().endsWith(".shutdown-grace"))
                .map(setting -> ManifestsMatchCodeTest.effectiveValue(setting, workload.environment()))
                .flatMap(Optional::stream)
                .mapToLong(value -> seconds(value))
                .max().orElse(0);

        assertThat(workload.podSpec().path("terminationGracePeriodSeconds").asLong())
                .as("preStop %d s + drain %d s", preStop, drain)
                .isGreaterThan(preStop + drain);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void isSpreadAndGuardedByADisruptionBudget(Workload workload) {
        assertThat(workload.podSpec().path("topologySpreadConstraints").findValuesAsText("topologyKey"))
                .contains("kubernetes.io/hostname", "topology.kubernetes.io/zone");
        assertThat(Overlays.ofKind(workload.overlay(), "PodDisruptionBudget")
                .map(budget -> budget.path("spec").path("selector").path("matchLabels"))
                .anyMatch(selector -> selector.equals(workload.deployment().path("spec").path("selector").path("matchLabels"))))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void onlyRelayPodsMayOpenPort25(String overlay) {
        List<JsonNode> opening25 = Overlays.ofKind(overlay, "NetworkPolicy")
                .filter(policy -> policy.path("spec").path("egress").findValues("port").stream().anyMatch(port -> port.asInt() == 25))
                .toList();

        assertThat(opening25).singleElement().satisfies(policy ->
                assertThat(policy.path("spec").path("podSelector").path("matchLabels")).isEqualTo(
                        Overlays.find(overlay, "Deployment", "relay").orElseThrow().path("spec").path("selector").path("matchLabels")));
        assertThat(Overlays.find(overlay, "Deployment", "relay").orElseThrow().path("spec").path("template").toString())
                .contains("MAILFLEET_DELIVERY_INBOUND_CONSUMERS");
        assertThat(Overlays.find(overlay, "Deployment", "delivery-worker").orElseThrow().path("spec").path("template").toString())
                .contains("MAILFLEET_RELAY_ENABLED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void protocolServicesKeepTheClientsAddress(String overlay) {
        List<JsonNode> loadBalancers = Overlays.ofKind(overlay, "Service")
                .filter(service -> service.path("spec").path("type").asText().equals("LoadBalancer")).toList();

        assertThat(loadBalancers).extracting(service -> service.path("metadata").path("name").asText())
                .containsExactlyInAnyOrder("smtp-ingress", "pop3-gateway", "imap-gateway");
        assertThat(loadBalancers).allSatisfy(service ->
                assertThat(service.path("spec").path("externalTrafficPolicy").asText()).isEqualTo("Local"));
    }

    /** Consumers beyond a topic's partition count idle: no autoscaler may add pods that would only idle. */
    @Test
    void productionReplicaBoundsRespectPartitionCounts() {
        Map<String, String> consumers = Map.of("delivery-worker", "MAILFLEET_DELIVERY_INBOUND_CONSUMERS", "relay", "MAILFLEET_RELAY_CONSUMERS");
        for (var entry : consumers.entrySet()) {
            JsonNode scaledObject = Overlays.find("production", "ScaledObject", entry.getKey()).orElseThrow();
            JsonNode trigger = scaledObject.path("spec").path("triggers").get(0).path("metadata");
            int partitions = Overlays.find("production", "KafkaTopic", trigger.path("topic").asText()).orElseThrow()
                    .path("spec").path("partitions").asInt();
            Workload workload = Workload.all("production").stream().filter(w -> w.name().equals(entry.getKey())).findFirst().orElseThrow();
            int perPod = Integer.parseInt(workload.environment().get(entry.getValue()).orElseThrow());

            assertThat(scaledObject.path("spec").path("maxReplicaCount").asInt())
                    .as("%s: %d partitions, %d consumers a pod", entry.getKey(), partitions, perPod)
                    .isEqualTo(Math.max(1, partitions / perPod));
            assertThat(scaledObject.path("spec").path("minReplicaCount").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(trigger.path("bootstrapServers").asText()).isEqualTo(
                    workload.environment().get("MAILFLEET_KAFKA_BOOTSTRAP_SERVERS").orElseThrow());
        }
    }

    @Test
    void productionRunsTwoOrMoreOfEverythingOnReplicatedTopics() {
        assertThat(Overlays.ofKind("production", "Deployment")).allSatisfy(deployment ->
                assertThat(deployment.path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2));
        assertThat(Overlays.ofKind("production", "HorizontalPodAutoscaler")).allSatisfy(hpa ->
                assertThat(hpa.path("spec").path("minReplicas").asInt()).isGreaterThanOrEqualTo(2));
        assertThat(Overlays.ofKind("production", "KafkaTopic")).isNotEmpty().allSatisfy(topic -> {
            assertThat(topic.path("spec").path("replicas").asInt()).isEqualTo(3);
            assertThat(topic.path("spec").path("config").path("min.insync.replicas").asInt()).isEqualTo(2);
        });
    }

    @Test
    void thePrometheusRuleCarriesTheAlertRulesOfDeployPrometheus() throws IOException {
        JsonNode shipped = new ObjectMapper(new YAMLFactory()).readTree(Project.home().resolve("deploy/prometheus/alerts.yml").toFile());
        JsonNode rule = Overlays.find("production", "PrometheusRule", "mailfleet").orElseThrow();

        assertThat(rule.path("spec").path("groups")).isEqualTo(shipped.path("groups"));
    }

    private static String probe(JsonNode container, String kind) {
        JsonNode get = container.path(kind).path("httpGet");
        return get.path("path").asText() + "@" + get.path("port").asText();
    }

    /** Quarkus durations as the services take them: 20s, 2m, or ISO-8601. */
    private static long seconds(String value) {
        if (value.matches("\\d+s")) {
            return Long.parseLong(value.substring(0, value.length() - 1));
        }
        if (value.matches("\\d+m")) {
            return 60 * Long.parseLong(value.substring(0, value.length() - 1));
        }
        return Duration.parse(value).toSeconds();
    }
}
