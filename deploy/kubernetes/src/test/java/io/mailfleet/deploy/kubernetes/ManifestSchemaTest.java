package io.mailfleet.deploy.kubernetes;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every object of every overlay against pinned schemas, offline: the Kubernetes API (1.34, from
 * the npm package kubernetes-models), KEDA and the Prometheus Operator (@kubernetes-models/keda
 * and /prometheus-operator), all pinned by package-lock.json; Strimzi's objects bound to the typed
 * model of io.strimzi:api. K8ssandra and the MinIO operator publish no schema to npm or Maven
 * Central, so their two kinds are the only ones left unchecked.
 */
class ManifestSchemaTest {

    private static final Set<String> NO_PUBLISHED_SCHEMA = Set.of("K8ssandraCluster", "Tenant");
    private static final Map<String, Class<?>> STRIMZI = Map.of(
            "Kafka", Kafka.class, "KafkaNodePool", KafkaNodePool.class, "KafkaTopic", KafkaTopic.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static List<String> overlays() {
        return Overlays.ALL;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectMatchesItsSchema(String overlay) throws Exception {
        List<JsonNode> objects = Overlays.render(overlay);

        List<JsonNode> results = validate(overlay, objects);

        assertThat(results).hasSameSizeAs(objects);
        assertThat(results).filteredOn(result -> result.path("status").asText().equals("invalid")).isEmpty();
        assertThat(results).filteredOn(result -> result.path("status").asText().equals("no-schema"))
                .allSatisfy(result -> assertThat(result.path("kind").asText())
                        .isIn(union(NO_PUBLISHED_SCHEMA, STRIMZI.keySet())));
        assertThat(results).filteredOn(result -> result.path("status").asText().equals("valid")).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void strimziObjectsBindToStrimzisModel(String overlay) {
        List<JsonNode> strimzi = Overlays.render(overlay).stream()
                .filter(object -> object.path("apiVersion").asText().startsWith("kafka.strimzi.io/")).toList();

        assertThat(strimzi).allSatisfy(object -> assertThatCode(() -> STRICT.treeToValue(object, STRIMZI.get(object.path("kind").asText())))
                .as(object.path("kind").asText() + " " + object.path("metadata").path("name").asText())
                .doesNotThrowAnyException());
    }

    @Test
    void theValidatorRejectsAnObjectThatBreaksItsSchema() throws Exception {
        JsonNode broken = JSON.readTree("""
                {"apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject", "metadata": {"name": "broken"},
                 "spec": {"scaleTargetRef": {"name": "x"}, "maxReplicaCount": "six", "triggers": []}}""");

        List<JsonNode> results = validate("broken", List.of(broken));

        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.path("status").asText()).isEqualTo("invalid");
            assertThat(result.path("errors").asText()).contains("maxReplicaCount");
        });
    }

    @Test
    void strimzisModelRejectsAWrongType() throws Exception {
        JsonNode broken = JSON.readTree("""
                {"apiVersion": "kafka.strimzi.io/v1beta2", "kind": "KafkaTopic", "metadata": {"name": "t"},
                 "spec": {"partitions": "many", "replicas": 3}}""");

        assertThatThrownBy(() -> STRICT.treeToValue(broken, KafkaTopic.class)).hasMessageContaining("partitions");
    }

    /** Runs the schema check of target/node (installed by the build from package-lock.json). */
    private static List<JsonNode> validate(String name, List<JsonNode> objects) throws IOException, InterruptedException {
        Path node = Project.target().resolve("node");
        if (!Files.isDirectory(node.resolve("node_modules/kubernetes-models"))) {
            throw new IllegalStateException("the schema packages are not installed in " + node + ": run the test through Maven, "
                    + "whose generate-test-resources phase runs npm ci there");
        }
        Path input = Files.createDirectories(Project.target().resolve("rendered")).resolve(name + ".json");
        JSON.writeValue(input.toFile(), objects);
        Process process = new ProcessBuilder("node", "validate.mjs", input.toString()).directory(node.toFile()).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("node validate.mjs: %s", errors).isZero();
        return output.lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new IllegalStateException("unexpected output of validate.mjs: " + line, e);
            }
        }).toList();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(java.util.stream.Collectors.toSet());
    }
}
