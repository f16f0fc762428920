package io.mailfleet.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The faults of one run, drawn from its seed: which service instances die and when, which server
 * is killed rather than stopped. Each fault fires once the load has had that fraction of its
 * messages answered 250, so the faults land inside the load whatever the machine's speed.
 */
record FaultPlan(List<Fault> faults) {

    enum Kind {
        /** SIGKILL a service instance; it is started again a few seconds later. */
        KILL_INSTANCE,
        /** Stop a server (SIGTERM or SIGKILL) and start it again on its data. */
        RESTART_SERVER,
        /** SIGSTOP a server, SIGCONT it after the fault's length. */
        FREEZE_SERVER
    }

    /**
     * @param at       the fraction of the target answered 250 at which it fires
     * @param instance for {@link Kind#KILL_INSTANCE}, an index into the killable instances
     * @param server   for the server faults
     */
    record Fault(double at, Kind kind, int instance, ChaosServers.Server server, Signal signal, Duration length) {

        String describe(List<?> instances) {
            return switch (kind) {
                case KILL_INSTANCE -> "SIGKILL " + instances.get(instance) + " and start it again";
                case RESTART_SERVER -> "SIG" + signal + " " + server + " and start it again";
                case FREEZE_SERVER -> "SIGSTOP " + server + " for " + length.toSeconds() + " s, then SIGCONT";
            };
        }
    }

    /** How much chaos: the full list, or the build's shorter one. */
    record Shape(int instanceKills, Duration freeze) {
        /** Every fault the issue names: a restart of each server (one by SIGKILL), a 10 s freeze of each, and instance kills. */
        static final Shape FULL = new Shape(8, Duration.ofSeconds(10));
        /** For the build: the same kinds and freezes with fewer instance kills, to stay within its time budget. */
        static final Shape SHORT = new Shape(3, Duration.ofSeconds(10));
    }

    /** Whether {@code server} is restarted with SIGKILL in this plan. */
    boolean kills(ChaosServers.Server server) {
        return faults.stream().anyMatch(fault -> fault.kind() == Kind.RESTART_SERVER && fault.server() == server
                && fault.signal() == Signal.KILL);
    }

    static FaultPlan draw(long seed, Shape shape, int killableInstances) {
        Random random = new Random(seed);
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < shape.instanceKills(); i++) {
            faults.add(new Fault(0, Kind.KILL_INSTANCE, random.nextInt(killableInstances), null, Signal.KILL, Duration.ZERO));
        }
        ChaosServers.Server[] servers = ChaosServers.Server.values();
        ChaosServers.Server killed = servers[random.nextInt(servers.length)];
        for (ChaosServers.Server server : servers) {
            faults.add(new Fault(0, Kind.RESTART_SERVER, -1, server, server == killed ? Signal.KILL : Signal.TERM, Duration.ZERO));
            faults.add(new Fault(0, Kind.FREEZE_SERVER, -1, server, Signal.STOP, shape.freeze()));
        }
        // Spread over 5 % to 85 % of the load, in an order the seed decides.
        java.util.Collections.shuffle(faults, random);
        List<Fault> timed = new ArrayList<>();
        for (int i = 0; i < faults.size(); i++) {
            Fault fault = faults.get(i);
            double at = 0.05 + 0.80 * i / faults.size();
            timed.add(new Fault(at, fault.kind(), fault.instance(), fault.server(), fault.signal(), fault.length()));
        }
        timed.sort(Comparator.comparingDouble(Fault::at));
        return new FaultPlan(List.copyOf(timed));
    }
}
