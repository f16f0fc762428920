package io.mailfleet.testing.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a Java 17 runtime for the servers. Cassandra 5.0 refuses to start on newer JVMs
 * (it installs a system-wide security Policy, which Java 24 removed), so the servers always run on
 * 17 even when the build itself runs on a newer JDK.
 */
public final class JavaRuntimes {

    public static final String JAVA17_PROPERTY = "mailfleet.java17.home";
    public static final String JAVA17_VARIABLE = "MAILFLEET_JAVA17_HOME";

    private static final List<Path> SEARCHED = List.of(
            Path.of("/usr/lib/jvm"), Path.of("/usr/java"), Path.of("/opt/java"), Path.of("/Library/Java/JavaVirtualMachines"));

    private JavaRuntimes() {
    }

    /** The {@code java} launcher of a Java 17 runtime. */
    public static Path java17() {
        String configured = System.getProperty(JAVA17_PROPERTY, System.getenv(JAVA17_VARIABLE));
        if (configured != null && !configured.isBlank()) {
            return launcher(Path.of(configured));
        }
        if (Runtime.version().feature() == 17) {
            return launcher(Path.of(System.getProperty("java.home")));
        }
        return SEARCHED.stream()
                .flatMap(JavaRuntimes::children)
                .filter(home -> featureVersion(home).filter(v -> v == 17).isPresent())
                .findFirst()
                .map(JavaRuntimes::launcher)
                .orElseThrow(() -> new ServerStartException("no Java 17 runtime found in " + SEARCHED
                        + "; install one or set " + JAVA17_VARIABLE));
    }

    private static Path launcher(Path home) {
        Path macHome = home.resolve("Contents/Home");
        Path base = Files.isDirectory(macHome) ? macHome : home;
        Path java = base.resolve("bin/java");
        if (!Files.isExecutable(java)) {
            throw new ServerStartException("no java launcher at " + java);
        }
        return java;
    }

    private static Stream<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    /** The feature version from a runtime's {@code release} file, e.g. 17 for JAVA_VERSION="17.0.15". */
    static Optional<Integer> featureVersion(Path home) {
        Path release = Files.isDirectory(home.resolve("Contents/Home"))
                ? home.resolve("Contents/Home/release") : home.resolve("release");
        try (Stream<String> lines = Files.lines(release)) {
            return lines.filter(line -> line.startsWith("JAVA_VERSION="))
                    .map(line -> line.substring("JAVA_VERSION=".length()).replace("\"", ""))
                    .map(version -> version.startsWith("1.") ? version.substring(2) : version)
                    .map(version -> version.split("[.+-]")[0])
                    .map(Integer::valueOf)
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
