package io.mailfleet.deploy.kubernetes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs on the build machines, so the images are not built here. What can be
 * checked is that every file deploy/docker/Dockerfile.jvm copies exists in each service's package
 * output, and that every service the manifests run is one of those checked here.
 */
class ImageSourcesTest {

    static final List<String> SERVICES = List.of("admin-api", "smtp-ingress", "delivery-worker", "pop3-gateway", "imap-gateway");

    @ParameterizedTest
    @ValueSource(strings = {"admin-api", "smtp-ingress", "delivery-worker", "pop3-gateway", "imap-gateway"})
    void everyFileTheImageCopiesExistsAfterPackage(String service) throws IOException {
        Path context = Project.quarkusApp(service).getParent().getParent();

        List<String> sources = copiedSources(Project.home().resolve("deploy/docker/Dockerfile.jvm"));

        assertThat(sources).contains("target/quarkus-app/quarkus-run.jar", "target/quarkus-app/lib/");
        assertThat(sources).allSatisfy(source -> assertThat(context.resolve(source)).exists());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void theManifestsRunOnlyImagesBuiltHere(String overlay) {
        assertThat(Workload.all(overlay)).extracting(Workload::service).isNotEmpty().allMatch(SERVICES::contains);
    }

    /** The source operands of every COPY line (the last operand is the destination). */
    static List<String> copiedSources(Path dockerfile) throws IOException {
        return Files.readAllLines(dockerfile).stream()
                .map(String::strip)
                .filter(line -> line.startsWith("COPY "))
                .flatMap(line -> {
                    List<String> operands = List.of(line.substring("COPY ".length()).strip().split("\\s+")).stream()
                            .filter(operand -> !operand.startsWith("--")).toList();
                    return operands.subList(0, operands.size() - 1).stream();
                })
                .toList();
    }
}
