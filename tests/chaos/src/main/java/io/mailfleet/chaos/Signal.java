package io.mailfleet.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The POSIX signals the run sends, through kill(1): the JDK can send only TERM and KILL. */
enum Signal {
    TERM, KILL, STOP, CONT;

    void send(List<ProcessHandle> processes) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + name()));
        processes.forEach(process -> command.add(Long.toString(process.pid())));
        try {
            // A process that has exited already makes kill report an error; the others got the signal.
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + name(), e);
        }
    }
}
