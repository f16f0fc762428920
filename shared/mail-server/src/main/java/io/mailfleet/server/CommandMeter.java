package io.mailfleet.server;

import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Queue;

/**
 * Counts and times one connection's commands for {@code mailfleet_server_commands_total{protocol,command,result}}
 * and {@code mailfleet_server_command_seconds{protocol,command}}. The protocol core reports each
 * command as it takes it ({@link #started}), from a bounded table of names; the session reports each
 * final reply as it carries it out ({@link #finished}). Pipelined commands are taken before their
 * replies are written, and replies come in the order of the commands, so a queue pairs them. A reply
 * with no command waiting (a greeting, a timeout) counts nothing.
 */
public final class CommandMeter {

    /** What a command's final reply said. */
    public enum Result {
        /** Done: SMTP 2xx, POP3 {@code +OK}. */
        OK,
        /** Refused for now, try again later: SMTP 4xx, POP3 {@code -ERR [SYS/TEMP]} or {@code [IN-USE]}. */
        TEMPORARY_FAILURE,
        /** Refused: SMTP 5xx, any other POP3 {@code -ERR}. */
        FAILED
    }

    private record Taken(String command, long startedNanos) {
    }

    private final ServerMetrics metrics;
    private final String protocol;
    private final Queue<Taken> waiting = new ArrayDeque<>();

    CommandMeter(ServerMetrics metrics, String protocol) {
        this.metrics = metrics;
        this.protocol = protocol;
    }

    /** A command was taken; {@code command} comes from the core's table of names (unknown ones as {@code OTHER}). */
    public void started(String command) {
        waiting.add(new Taken(command.toLowerCase(Locale.ROOT), System.nanoTime()));
    }

    /** The final reply of the oldest command still waiting for one is being written. */
    public void finished(Result result) {
        Taken taken = waiting.poll();
        if (taken != null) {
            metrics.command(protocol, taken.command(), result.name().toLowerCase(Locale.ROOT),
                    System.nanoTime() - taken.startedNanos());
        }
    }
}
