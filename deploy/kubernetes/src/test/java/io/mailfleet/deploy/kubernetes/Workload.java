package io.mailfleet.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * One mailfleet container of a rendered Deployment: which service's image it runs, and the
 * environment it gets, with ConfigMap entries resolved from the same overlay.
 */
record Workload(String overlay, JsonNode deployment, JsonNode container) {

    /** Every container of every Deployment in the overlay that runs a mailfleet service's image. */
    static List<Workload> all(String overlay) {
        return Overlays.ofKind(overlay, "Deployment")
                .flatMap(deployment -> StreamSupport.stream(
                        deployment.path("spec").path("template").path("spec").path("containers").spliterator(), false)
                        .map(container -> new Workload(overlay, deployment, container)))
                .filter(workload -> workload.image().contains("mailfleet/"))
                .toList();
    }

    @Override
    public String toString() {
        return overlay + "/" + name() + "/" + container.path("name").asText();
    }

    String name() {
        return deployment.path("metadata").path("name").asText();
    }

    String image() {
        return container.path("image").asText();
    }

    /** The service module whose image this is: {@code registry/mailfleet/smtp-ingress:tag} → smtp-ingress. */
    String service() {
        String path = image().substring(image().lastIndexOf('/') + 1);
        int tag = path.indexOf(':');
        return tag < 0 ? path : path.substring(0, tag);
    }

    JsonNode podSpec() {
        return deployment.path("spec").path("template").path("spec");
    }

    /**
     * The container's environment as Kubernetes builds it: envFrom first, env over it. A value
     * from a Secret is empty here (the overlay may not carry the Secret); its name still counts.
     */
    Map<String, Optional<String>> environment() {
        Map<String, Optional<String>> environment = new LinkedHashMap<>();
        for (JsonNode source : container.path("envFrom")) {
            String configMap = source.path("configMapRef").path("name").asText(null);
            if (configMap == null) {
                throw new IllegalStateException(name() + ": only ConfigMaps are expected in envFrom, got " + source);
            }
            JsonNode data = Overlays.find(overlay, "ConfigMap", configMap)
                    .orElseThrow(() -> new IllegalStateException(name() + " reads the missing ConfigMap " + configMap))
                    .path("data");
            data.fields().forEachRemaining(entry -> environment.put(entry.getKey(), Optional.of(entry.getValue().asText())));
        }
        for (JsonNode variable : container.path("env")) {
            JsonNode value = variable.get("value");
            environment.put(variable.path("name").asText(), value == null ? Optional.empty() : Optional.of(value.asText()));
        }
        return environment;
    }

    /** Container ports by name. */
    Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        container.path("ports").forEach(port -> ports.put(port.path("name").asText(), port.path("containerPort").asInt()));
        return ports;
    }
}
