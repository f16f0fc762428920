package io.mailfleet.testing.quarkus;

import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A server of the harness frozen with SIGSTOP: it keeps its sockets but answers nothing, as a hung or
 * partitioned server does, until {@link #close()} thaws it with SIGCONT.
 */
public final class Outage implements AutoCloseable {

    private final List<String> pids;

    private Outage(List<String> pids) {
        this.pids = pids;
    }

    /** Empty when the servers are containers, which expose no process ids. */
    public static Optional<Outage> of(String server) throws IOException, InterruptedException {
        Optional<String> pids = ConfigProvider.getConfig().getOptionalValue(RealInfrastructureResource.PIDS_PREFIX + server, String.class);
        if (pids.isEmpty()) {
            return Optional.empty();
        }
        Outage outage = new Outage(List.of(pids.get().split(",")));
        outage.signal("-STOP");
        return Optional.of(outage);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        command.addAll(pids);
        new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
