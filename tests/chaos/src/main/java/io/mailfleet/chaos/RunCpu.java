package io.mailfleet.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU a run used, this JVM's and every server's and service's it started and has waited for,
 * and the machine's load average: on a machine shared with other work the wall time says little,
 * while the CPU seconds over the cores bound what the run needs on a quiet one.
 */
final class RunCpu {

    /** Linux's USER_HZ, the unit of /proc's times: 100 on every common architecture. */
    private static final double TICKS_PER_SECOND = 100;
    private static final Path SELF = Path.of("/proc/self/stat");

    private RunCpu() {
    }

    /** utime + stime + cutime + cstime of this process, in seconds, or -1 without /proc. */
    static long seconds() {
        try {
            String stat = Files.readString(SELF);
            // The fields after the command name, which is in parentheses and may hold spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = 0;
            for (int field = 11; field <= 14; field++) {
                ticks += Long.parseLong(fields[field]);
            }
            return Math.round(ticks / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
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
