package io.mailfleet.testing.peers;

import io.mailfleet.testing.process.ServerStartException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The peers' programs, installed from Debian packages by {@code .ci/install-test-clients}. */
final class SystemCommands {

    /** Daemons live in sbin, which an ordinary user's PATH often lacks. */
    private static final List<Path> SBIN = List.of(Path.of("/usr/sbin"), Path.of("/sbin"));

    private SystemCommands() {
    }

    /** The program {@code name}, from PATH or sbin; fails naming the Debian package that ships it. */
    static Path find(String name, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(":")).filter(dir -> !dir.isEmpty()).map(Path::of), SBIN.stream())
                .map(dir -> dir.resolve(name))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new ServerStartException(name + " is not installed: run .ci/install-test-clients"
                        + " as root (Debian package " + debianPackage + ")"));
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs a short command to its end and returns its output; fails with that output. */
    static String run(Duration timeout, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            // The commands run here print little, so their output fits the pipe until they exit.
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new ServerStartException(String.join(" ", command) + " did not finish within "
                        + timeout.toSeconds() + " s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new ServerStartException(String.join(" ", command) + " exited with status "
                        + process.exitValue() + ": " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new ServerStartException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerStartException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
