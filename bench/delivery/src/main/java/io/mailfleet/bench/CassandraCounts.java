package io.mailfleet.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;

import java.util.Map;
import java.util.TreeMap;

/**
 * What Cassandra did, counted by its own virtual tables (system_views): requests on the native
 * transport, and per table of the keyspace the reads the coordinator served and the writes applied
 * locally (a conditional batch's writes included). Two snapshots around a run, divided by the
 * deliveries, say how many queries and writes one delivery costs.
 */
final class CassandraCounts {

    private final Map<String, Long> counts;

    private CassandraCounts(Map<String, Long> counts) {
        this.counts = counts;
    }

    static CassandraCounts read(CqlSession session, String keyspace) {
        Map<String, Long> counts = new TreeMap<>();
        for (Row row : session.execute("SELECT name, completed_tasks FROM system_views.thread_pools")) {
            if (row.getString("name").equals("Native-Transport-Requests")) {
                counts.put("native transport requests", row.getLong("completed_tasks"));
            }
        }
        tableCounts(session, keyspace, "coordinator_read_latency", "reads of ", counts);
        tableCounts(session, keyspace, "local_write_latency", "writes to ", counts);
        return new CassandraCounts(counts);
    }

    private static void tableCounts(CqlSession session, String keyspace, String view, String prefix, Map<String, Long> counts) {
        for (Row row : session.execute("SELECT table_name, count FROM system_views." + view + " WHERE keyspace_name = ?",
                keyspace)) {
            counts.put(prefix + row.getString("table_name"), row.getLong("count"));
        }
    }

    /** Each count that grew since {@code before}, per delivery. */
    void printSince(CassandraCounts before, int deliveries) {
        System.out.printf("   Cassandra per delivery (system_views, %d deliveries):%n", deliveries);
        counts.forEach((name, count) -> {
            long grown = count - before.counts.getOrDefault(name, 0L);
            if (grown > 0) {
                System.out.printf("     %-40s %6.2f%n", name, (double) grown / deliveries);
            }
        });
    }
}
