package io.mailfleet.deploy.kubernetes;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checked files are: the project's root, as the build passes it, and this module's output. */
final class Project {

    private Project() {
    }

    static Path home() {
        String home = System.getProperty("mailfleet.home");
        if (home == null || !Files.isDirectory(Path.of(home, "k8s"))) {
            throw new IllegalStateException("run through Maven: the system property mailfleet.home must name the project root");
        }
        return Path.of(home);
    }

    static Path target() {
        return Path.of(System.getProperty("user.dir"), "target");
    }

    /** The Quarkus fast-jar of a service, as {@code ./mvnw package} leaves it. */
    static Path quarkusApp(String service) {
        Path app = home().resolve("services").resolve(service).resolve("target/quarkus-app");
        if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(service + " is not packaged (" + app + "): run ./mvnw -DskipTests package -pl services/"
                    + service + " first, or the whole build");
        }
        return app;
    }
}
