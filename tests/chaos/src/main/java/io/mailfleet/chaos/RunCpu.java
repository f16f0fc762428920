package io.mailfleet.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU a run used, by process, and the machine's load average: on a machine shared with other
 * work the wall time says little, while the CPU seconds over the cores bound what the run needs on
 * a quiet one. A server's or instance's seconds are read just before it ends (a SIGKILL leaves no
 * parent to account for them), and summed over its restarts.
 */
final class RunCpu {

    /** Linux's USER_HZ, the unit of /proc's times: 100 on every common architecture. */
    private static final double TICKS_PER_SECOND = 100;
    /** utime and stime, counted among the fields after the command name. */
    private static final int UTIME = 11;
    private static final int STIME = 12;

    private final Map<String, Double> byProcess = new TreeMap<>();

    /** Adds what {@code processes} (one server or instance: its watchdog and JVM) used so far, under {@code name}. */
    synchronized void add(String name, List<ProcessHandle> processes) {
        double seconds = processes.stream().mapToDouble(process -> seconds(Path.of("/proc", Long.toString(process.pid()), "stat")))
                .sum();
        byProcess.merge(name, seconds, Double::sum);
    }

    /** Seconds by process name, this JVM's own included, each rounded. */
    synchronized Map<String, Long> byProcess() {
        Map<String, Long> rounded = new TreeMap<>();
        byProcess.forEach((name, seconds) -> rounded.put(name, Math.round(seconds)));
        rounded.put("this JVM", Math.round(seconds(Path.of("/proc/self/stat"))));
        return rounded;
    }

    /** utime + stime of the process whose stat file this is, in seconds; 0 once it is gone or without /proc. */
    private static double seconds(Path stat) {
        try {
            String line = Files.readString(stat);
            // The fields after the command name, which is in parentheses and may hold spaces.
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[UTIME]) + Long.parseLong(fields[STIME])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The 1, 5 and 15 minute load averages, or "unknown" without /proc. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
