package io.mailfleet.testing.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The class path of a server, as Maven resolved it into {@code target/classpath.txt} of the
 * server's module under {@code shared/server-runtimes}.
 */
public final class ServerClasspath {

    public static final String HOME_PROPERTY = "mailfleet.home";
    public static final String HOME_VARIABLE = "MAILFLEET_HOME";

    private ServerClasspath() {
    }

    /** The class path of {@code server} ("kafka", "cassandra" or "s3proxy"), checked for completeness. */
    public static String of(String server) {
        Path file = projectHome().resolve("shared/server-runtimes").resolve(server).resolve("target/classpath.txt");
        if (!Files.isRegularFile(file)) {
            throw new ServerStartException("no class path for " + server + " at " + file
                    + "; build it with: ./mvnw -pl shared/server-runtimes/" + server + " generate-resources");
        }
        try {
            String classpath = Files.readString(file, StandardCharsets.UTF_8).trim();
            for (String entry : classpath.split(java.io.File.pathSeparator)) {
                if (!Files.exists(Path.of(entry))) {
                    throw new ServerStartException(server + " class path names a missing file " + entry
                            + "; rebuild it with: ./mvnw -pl shared/server-runtimes/" + server + " generate-resources");
                }
            }
            return classpath;
        } catch (IOException e) {
            throw new ServerStartException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The project's root folder: from {@code -Dmailfleet.home}, {@code MAILFLEET_HOME}, or the
     * nearest folder above the working directory that holds {@code shared/server-runtimes}.
     */
    public static Path projectHome() {
        String configured = System.getProperty(HOME_PROPERTY, System.getenv(HOME_VARIABLE));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("shared/server-runtimes"))) {
                return dir;
            }
        }
        throw new ServerStartException("cannot find the mailfleet project folder above " + Path.of("").toAbsolutePath()
                + "; set -D" + HOME_PROPERTY + " or " + HOME_VARIABLE);
    }
}
