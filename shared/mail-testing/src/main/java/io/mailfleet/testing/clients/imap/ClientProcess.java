package io.mailfleet.testing.clients.imap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a client program as a child process in its own folder, bounded in time. Its output goes to a
 * file rather than a pipe, so a chatty client never blocks on a full pipe while we wait for it.
 */
final class ClientProcess {

    private ClientProcess() {
    }

    /**
     * Runs {@code command} in {@code dir} to its end, with {@code HOME} set to {@code dir} so that no
     * configuration of the user running the tests is read; kills it (and what it started) after
     * {@code timeout}.
     */
    static ClientRun run(List<String> command, Path dir, Map<String, String> environment, Duration timeout) {
        Path log = dir.resolve(Path.of(command.get(0)).getFileName() + "-" + System.nanoTime() + ".log");
        Process process = start(command, dir, environment, log);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process, Duration.ZERO);
                throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                        + timeout.toSeconds() + " s; its output:\n" + read(log));
            }
            ClientRun run = new ClientRun(process.exitValue(), read(log));
            Files.deleteIfExists(log);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + log, e);
        } catch (InterruptedException e) {
            stop(process, Duration.ZERO);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    /** Starts {@code command} in {@code dir}, its output appended to {@code log}, and leaves it running. */
    static Process start(List<String> command, Path dir, Map<String, String> environment, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().put("HOME", dir.toString());
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + " (installed by .ci/install-test-clients): "
                    + e.getMessage(), e);
        }
    }

    /** SIGTERM to the process and its descendants, SIGKILL to what is left after {@code grace}. */
    static void stop(Process process, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : tree) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception stillRunning) {
                handle.destroyForcibly();
            }
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Writes a client's configuration file readable by its owner only: several clients insist on it, it holds a password. */
    static Path writePrivate(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static Path directory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
