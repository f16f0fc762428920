package io.mailfleet.local;

import io.mailfleet.testing.process.ServerProcess;
import io.mailfleet.testing.process.ServerStartException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code ./mailfleet up --with-prometheus}: Debian's Prometheus with the project's configuration
 * and alert rules (deploy/prometheus), scraping the local services; its data stays in the data folder.
 */
final class LocalPrometheus {

    private LocalPrometheus() {
    }

    static ServerProcess start(Path projectHome, Path dataDir, int port, List<LocalServices.Running> services) throws IOException {
        Path binary = Path.of("/usr/bin/prometheus");
        if (!Files.isExecutable(binary)) {
            throw new ServerStartException("prometheus is not installed: apt-get install prometheus (or run .ci/install-test-clients as root)");
        }
        Path dir = Files.createDirectories(dataDir.resolve("prometheus/targets"));
        Path config = dir.getParent();
        for (String file : List.of("prometheus.yml", "alerts.yml")) {
            Files.copy(projectHome.resolve("deploy/prometheus").resolve(file), config.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        String targets = services.stream()
                .map(service -> "{\"targets\": [\"" + URI.create(service.url()).getAuthority() + "\"], "
                        + "\"labels\": {\"system\": \"mailfleet\", \"service\": \"" + service.service().name() + "\"}}")
                .collect(Collectors.joining(",\n  ", "[\n  ", "\n]\n"));
        Files.writeString(dir.resolve("local.json"), targets);
        return ServerProcess.start("prometheus", List.of(), List.of(binary.toString(),
                        "--config.file=" + config.resolve("prometheus.yml"), "--storage.tsdb.path=" + config.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port),
                config, dataDir.resolve("logs/prometheus.log"), Duration.ofSeconds(10));
    }
}
