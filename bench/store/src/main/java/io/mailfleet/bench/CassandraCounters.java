package io.mailfleet.bench;

import com.sun.tools.attach.VirtualMachine;
import io.mailfleet.testing.process.CassandraServer;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;

/**
 * Cassandra's own counts of what conditional writes cost it, read over JMX from the running server.
 * The server opens no JMX port (a fixed one would clash with other runs): its local management agent is
 * started through the attach API, which only a process of the same user may use.
 */
final class CassandraCounters implements AutoCloseable {

    /**
     * @param casWrites     conditional writes coordinated (each a Paxos round, more when it lost a race)
     * @param casReads      serial reads coordinated
     * @param paxosWrites   writes to {@code system.paxos}: promises, proposals and commits a round persists
     * @param syncs         commit log syncs that wrote something ({@code WaitingOnFlush})
     * @param syncMillis    the mean time of a recent sync: the cost of one fsync of the commit log
     * @param waitsForSync  writes that waited for a sync before they were acknowledged ({@code WaitingOnCommit})
     * @param waitMillis    the mean such wait, recently
     */
    record Snapshot(long casWrites, long casReads, long paxosWrites, long syncs, double syncMillis,
                    long waitsForSync, double waitMillis) {

        Snapshot minus(Snapshot before) {
            return new Snapshot(casWrites - before.casWrites, casReads - before.casReads, paxosWrites - before.paxosWrites,
                    syncs - before.syncs, syncMillis, waitsForSync - before.waitsForSync, waitMillis);
        }
    }

    private final JMXConnector connector;
    private final MBeanServerConnection beans;

    private CassandraCounters(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.beans = connector.getMBeanServerConnection();
    }

    /** Attaches to the one JVM below the server's watchdog shell. */
    static CassandraCounters attach(CassandraServer server) throws Exception {
        long pid = server.process().processes().stream()
                .filter(each -> each.info().command().map(command -> command.endsWith("/java")).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no Cassandra JVM among " + server.process()))
                .pid();
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            return new CassandraCounters(JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent())));
        } finally {
            vm.detach();
        }
    }

    Snapshot read() throws Exception {
        return new Snapshot(
                count("type=ClientRequest,scope=CASWrite,name=Latency"),
                count("type=ClientRequest,scope=CASRead,name=Latency"),
                count("type=Table,keyspace=system,scope=paxos,name=WriteLatency"),
                count("type=CommitLog,name=WaitingOnFlush"),
                meanMillis("type=CommitLog,name=WaitingOnFlush"),
                count("type=CommitLog,name=WaitingOnCommit"),
                meanMillis("type=CommitLog,name=WaitingOnCommit"));
    }

    private long count(String name) throws Exception {
        return ((Number) beans.getAttribute(metric(name), "Count")).longValue();
    }

    private double meanMillis(String name) throws Exception {
        double mean = ((Number) beans.getAttribute(metric(name), "Mean")).doubleValue();
        String unit = (String) beans.getAttribute(metric(name), "DurationUnit");
        return switch (unit) {
            case "microseconds" -> mean / 1000;
            case "milliseconds" -> mean;
            case "nanoseconds" -> mean / 1e6;
            default -> throw new IllegalStateException("a timer in " + unit);
        };
    }

    private static ObjectName metric(String name) throws Exception {
        return new ObjectName("org.apache.cassandra.metrics:" + name);
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
