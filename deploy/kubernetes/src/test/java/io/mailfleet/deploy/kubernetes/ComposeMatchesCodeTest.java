package io.mailfleet.deploy.kubernetes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml gives the services only variables they read, as the manifests do. */
class ComposeMatchesCodeTest {

    @ParameterizedTest
    @ValueSource(strings = {"admin-api", "smtp-ingress", "delivery-worker", "pop3-gateway", "imap-gateway"})
    @SuppressWarnings("unchecked")
    void everyVariableIsReadByTheService(String service) throws IOException {
        Map<String, Object> compose;
        // SnakeYAML, unlike Jackson, resolves the merge keys (<<: *backends) compose files use.
        try (Reader reader = Files.newBufferedReader(Project.home().resolve("docker-compose.yml"))) {
            compose = new Yaml().load(reader);
        }
        Map<String, Object> definition = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(service);
        Map<String, Object> environment = (Map<String, Object>) definition.get("environment");

        assertThat(environment).isNotEmpty();
        assertThat(environment.keySet()).allSatisfy(variable ->
                assertThat(ServiceSettings.of(service).byVariable(variable)).as(variable).isPresent());
        assertThat((String) definition.get("image")).startsWith("mailfleet/" + service + ":");
    }
}
