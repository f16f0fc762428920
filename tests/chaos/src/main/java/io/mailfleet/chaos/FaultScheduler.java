package io.mailfleet.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Carries out a {@link FaultPlan} on its own thread while the load runs, and keeps a timeline of
 * what it did, with the load's progress at each step, so a finding can be set beside the fault
 * that was under way when it happened.
 */
final class FaultScheduler {

    /** How long a killed instance stays dead before it is started again. */
    private static final Duration DEAD_FOR = Duration.ofSeconds(3);

    private final FaultPlan plan;
    private final ChaosServers servers;
    private final List<ServiceFleet.Instance> killable;
    private final IntSupplier accepted;
    private final java.util.function.BooleanSupplier loadOver;
    private final int target;
    private final long started = System.currentTimeMillis();
    private final List<String> timeline = new ArrayList<>();
    private final List<Thread> restarts = new ArrayList<>();
    private Thread thread;
    private volatile RuntimeException failure;

    FaultScheduler(FaultPlan plan, ChaosServers servers, List<ServiceFleet.Instance> killable, IntSupplier accepted,
                   java.util.function.BooleanSupplier loadOver, int target) {
        this.loadOver = loadOver;
        this.plan = plan;
        this.servers = servers;
        this.killable = killable;
        this.accepted = accepted;
        this.target = target;
    }

    void start() {
        thread = new Thread(this::runPlan, "chaos-faults");
        thread.start();
    }

    /** Waits for every fault to be over (and every killed instance started again). */
    void await() throws InterruptedException {
        thread.join();
        for (Thread restart : restarts) {
            restart.join();
        }
        if (failure != null) {
            throw failure;
        }
    }

    synchronized List<String> timeline() {
        return List.copyOf(timeline);
    }

    private void runPlan() {
        try {
            for (FaultPlan.Fault fault : plan.faults()) {
                while (accepted.getAsInt() < fault.at() * target && !loadOver.getAsBoolean()) {
                    Thread.sleep(50);
                }
                if (accepted.getAsInt() < fault.at() * target) {
                    note("the load is over (stalled): the remaining faults are not run");
                    return;
                }
                note("begin " + fault.describe(killable));
                switch (fault.kind()) {
                    case KILL_INSTANCE -> kill(killable.get(fault.instance()));
                    case RESTART_SERVER -> servers.restart(fault.server(), fault.signal());
                    case FREEZE_SERVER -> servers.freeze(fault.server(), fault.length());
                }
                note("end   " + fault.describe(killable));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** Kills at once; starts again on a thread of its own, so the next fault need not wait. */
    private void kill(ServiceFleet.Instance instance) {
        if (!instance.alive()) {
            note(instance + " is down already: not killed again");
            return;
        }
        instance.kill();
        Thread restart = new Thread(() -> {
            try {
                Thread.sleep(DEAD_FOR.toMillis());
                instance.restart();
                note("restarted " + instance);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "chaos-restart-" + instance);
        synchronized (this) {
            restarts.add(restart);
        }
        restart.start();
    }

    /** Into the timeline, and onto the console as it happens, so a long run shows its progress. */
    private synchronized void note(String what) {
        String line = String.format("%7.1f s  %5d/%d accepted  %s", (System.currentTimeMillis() - started) / 1000.0,
                accepted.getAsInt(), target, what);
        timeline.add(line);
        System.out.println("[chaos] " + line);
    }
}
