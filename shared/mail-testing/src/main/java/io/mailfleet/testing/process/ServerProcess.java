package io.mailfleet.testing.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One server running as a child process whose life is tied to ours.
 *
 * <p>The server is started behind a small shell watchdog that holds a pipe from this JVM: when the
 * pipe closes, because we stop the server or because this JVM died in any way, even SIGKILL, the
 * watchdog sends the server SIGTERM. The watchdog also runs in a session of its own, so a Ctrl-C on
 * the terminal reaches only the launcher, which then stops servers in order.
 */
public final class ServerProcess implements AutoCloseable {

    private static final String WATCHDOG = String.join("\n",
            "exec 3<&0",
            "\"$@\" </dev/null 3<&- &",
            "server=$!",
            "( while read -r _ <&3; do :; done; kill -TERM \"$server\" 2>/dev/null ) &",
            "watcher=$!",
            "trap 'kill -TERM \"$server\" 2>/dev/null' TERM INT HUP",
            "wait \"$server\"; status=$?",
            // A trapped signal interrupts wait before the server has exited.
            "while kill -0 \"$server\" 2>/dev/null; do wait \"$server\"; status=$?; done",
            "kill \"$watcher\" 2>/dev/null",
            "exit $status");

    /**
     * In start order: services start after the servers they use. A server restarted later (as the chaos run does)
     * then counts as the newer and is stopped before them at exit; its dependants only see it go a little early.
     */
    private static final Set<ServerProcess> RUNNING = Collections.synchronizedSet(new LinkedHashSet<>());
    private static final Duration POLL = Duration.ofMillis(100);

    static {
        // Last started, first stopped: services drain while Kafka, Cassandra and S3 still answer them. The stack's own
        // stop hook runs at the same time and in the same order; close() lets whichever comes second wait.
        Runtime.getRuntime().addShutdownHook(new Thread(ServerProcess::closeAllInReverse, "mailfleet-server-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path logFile;
    private final long logStart;
    private final Duration stopGrace;
    private final List<Runnable> afterStop = new CopyOnWriteArrayList<>();

    private ServerProcess(String name, Process process, Path logFile, long logStart, Duration stopGrace) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.logStart = logStart;
        this.stopGrace = stopGrace;
    }

    /**
     * Starts {@code command} with its output appended to {@code logFile}.
     *
     * @param wrapper commands placed before the watchdog, such as {@code setpriv} to drop capabilities
     */
    public static ServerProcess start(String name, List<String> wrapper, List<String> command,
                                      Path workDir, Path logFile, Duration stopGrace) {
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            full.add("/usr/bin/setsid");
        }
        full.addAll(wrapper);
        full.addAll(List.of("/bin/sh", "-c", WATCHDOG, name + "-watchdog"));
        full.addAll(command);
        try {
            Files.createDirectories(logFile.getParent());
            long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
            Process process = new ProcessBuilder(full)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            ServerProcess server = new ServerProcess(name, process, logFile, logStart, stopGrace);
            RUNNING.add(server);
            return server;
        } catch (IOException e) {
            throw new ServerStartException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    static void closeAllInReverse() {
        List<ServerProcess> running;
        synchronized (RUNNING) {
            running = new ArrayList<>(RUNNING);
        }
        Collections.reverse(running);
        running.forEach(ServerProcess::close);
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The processes that make up this server: the watchdog and everything below it. */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.descendants().forEach(all::add);
        return all;
    }

    /**
     * Polls {@code ready} until it is true. Fails early when the process exits, and after
     * {@code timeout} otherwise; both failures carry the tail of the server's log.
     */
    public void awaitReady(Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new ServerStartException(name + " exited with status " + process.exitValue()
                        + " before it was ready" + logTailMessage());
            }
            if (ready.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ServerStartException(name + " was not ready within " + timeout.toSeconds()
                        + " s" + logTailMessage());
            }
            sleep(POLL);
        }
    }

    /** True once the server has written {@code text} to its log since this start (logs are kept across restarts). */
    public boolean logContains(String text) {
        try (RandomAccessFile in = new RandomAccessFile(logFile.toFile(), "r")) {
            byte[] written = new byte[(int) Math.max(0, in.length() - logStart)];
            in.seek(logStart);
            in.readFully(written);
            return new String(written, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** The last {@code lines} lines of the server's log. */
    public String logTail(int lines) {
        return tail(logFile, lines);
    }

    /** Runs {@code action} once the server has stopped, by {@link #close()} or by this JVM's shutdown. */
    public void afterStop(Runnable action) {
        afterStop.add(action);
    }

    /**
     * Stops the server: SIGTERM through the watchdog, then SIGKILL to whatever is left after the
     * grace period. Returns only when no process of this server remains.
     */
    @Override
    public void close() {
        if (!RUNNING.remove(this)) {
            // Another thread (a shutdown hook, say) is stopping it: return only once it has stopped.
            waitFor(List.of(process.toHandle()), stopGrace.plusSeconds(10));
            return;
        }
        List<ProcessHandle> tree = processes();
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // The watchdog is gone already; the forced stop below handles what remains.
        }
        boolean exited = waitFor(tree, stopGrace);
        if (!exited) {
            tree.forEach(ProcessHandle::destroyForcibly);
            waitFor(tree, Duration.ofSeconds(10));
        }
        afterStop.forEach(Runnable::run);
    }

    private static boolean waitFor(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : processes) {
            long remaining = deadline - System.nanoTime();
            try {
                if (remaining <= 0) {
                    return processes.stream().noneMatch(ProcessHandle::isAlive);
                }
                handle.onExit().get(remaining, TimeUnit.NANOSECONDS);
            } catch (Exception timedOutOrInterrupted) {
                return processes.stream().noneMatch(ProcessHandle::isAlive);
            }
        }
        return true;
    }

    private String logTailMessage() {
        return "; last lines of " + logFile + ":\n" + logTail(40);
    }

    static String tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return "(no log written)";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int window = (int) Math.min(length, 64 * 1024);
            byte[] bytes = new byte[window];
            in.seek(length - window);
            in.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\n");
            int from = Math.max(0, all.length - lines);
            return String.join("\n", List.of(all).subList(from, all.length));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerStartException("interrupted while waiting for a server", e);
        }
    }

    @Override
    public String toString() {
        return name + "(pid " + process.pid() + ")";
    }
}
