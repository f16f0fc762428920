package io.mailfleet.deploy.kubernetes;

import io.mailfleet.deploy.kubernetes.ServiceSettings.Setting;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests against the packaged services' code: every variable a container gets is a
 * setting the service reads, and every container port is the value of one of its port settings
 * (as the manifest sets it, or its default). That the ports then answer is ServicesAnswerIT's part.
 */
class ManifestsMatchCodeTest {

    static List<Workload> workloads() {
        return Overlays.ALL.stream().flatMap(overlay -> Workload.all(overlay).stream()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void everyVariableIsReadByTheService(Workload workload) {
        ServiceSettings settings = ServiceSettings.of(workload.service());

        Set<String> unread = workload.environment().keySet().stream()
                .filter(variable -> settings.byVariable(variable).isEmpty())
                .collect(Collectors.toCollection(java.util.TreeSet::new));

        assertThat(unread).as("variables %s/%s sets that %s never reads", workload.overlay(), workload.name(), workload.service())
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void everyContainerPortIsAPortTheServiceListensOn(Workload workload) {
        Map<String, Optional<String>> environment = workload.environment();
        Set<Integer> listening = ServiceSettings.of(workload.service()).ports()
                .map(port -> effectiveValue(port, environment))
                .flatMap(Optional::stream)
                .map(Integer::parseInt)
                .collect(Collectors.toSet());

        assertThat(workload.ports()).isNotEmpty();
        assertThat(workload.ports().values())
                .as("container ports of %s/%s; %s listens on %s", workload.overlay(), workload.name(), workload.service(), listening)
                .allMatch(listening::contains);
    }

    static Optional<String> effectiveValue(Setting setting, Map<String, Optional<String>> environment) {
        return environment.containsKey(setting.variable()) ? environment.get(setting.variable()) : setting.defaultValue();
    }
}
