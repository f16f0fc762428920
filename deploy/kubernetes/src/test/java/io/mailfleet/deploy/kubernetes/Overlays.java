package io.mailfleet.deploy.kubernetes;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The overlays of k8s/ rendered by {@code kubectl kustomize}, as the cluster would receive them. */
final class Overlays {

    static final List<String> ALL = List.of("dev", "production");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    private Overlays() {
    }

    static List<JsonNode> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, Overlays::kustomize);
    }

    static Stream<JsonNode> ofKind(String overlay, String kind) {
        return render(overlay).stream().filter(object -> object.path("kind").asText().equals(kind));
    }

    static Optional<JsonNode> find(String overlay, String kind, String name) {
        return ofKind(overlay, kind).filter(object -> object.path("metadata").path("name").asText().equals(name)).findFirst();
    }

    private static List<JsonNode> kustomize(String overlay) {
        String directory = Project.home().resolve("k8s/overlays").resolve(overlay).toString();
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", directory).redirectError(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new IllegalStateException("kubectl is needed to render k8s/ (kubectl kustomize, kustomize 5) and was not found on "
                    + "the PATH: install kubectl 1.32 or later", e);
        }
        try {
            byte[] output = process.getInputStream().readAllBytes();
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + directory + " failed: " + errors);
            }
            List<JsonNode> objects = new ArrayList<>();
            try (JsonParser parser = YAML.getFactory().createParser(output)) {
                YAML.readValues(parser, JsonNode.class).forEachRemaining(object -> {
                    if (object != null && !object.isNull()) {
                        objects.add(object);
                    }
                });
            }
            return List.copyOf(objects);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read what kubectl kustomize rendered", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
