package io.mailfleet.testing.quarkus;

import io.mailfleet.testing.peers.Certificate;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A self-signed certificate for localhost, as PEM files, for STARTTLS and implicit TLS in a
 * service's tests. The init argument {@code prefix} names the service's settings, e.g.
 * {@code mailfleet.smtp}: its {@code tls-certificate} and {@code tls-key} are set, and its
 * {@code tls-reload-interval} made short.
 */
public final class SelfSignedTlsResource implements QuarkusTestResourceLifecycleManager {

    private String prefix = "mailfleet.smtp";
    private Path dir;

    @Override
    public void init(Map<String, String> initArgs) {
        prefix = initArgs.getOrDefault("prefix", prefix);
    }

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("mailfleet-test-tls");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Certificate certificate = Certificate.selfSigned(dir, "localhost", Duration.ofSeconds(30));
        // Checked four times a second, so a test that renews the pair sees it served at once.
        return Map.of(prefix + ".tls-certificate", certificate.certificate().toString(),
                prefix + ".tls-key", certificate.key().toString(), prefix + ".tls-reload-interval", "250ms");
    }

    @Override
    public void stop() {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temp folder left behind is harmless.
        }
    }
}
