package io.mailfleet.quarkus.health;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the services' readiness checks share: a bounded Kafka probe, and the shape of a probe that
 * {@link BackgroundChecks} runs.
 */
public final class BackendProbes implements AutoCloseable {

    private static final int TIMEOUT_MS = 2000;

    private final Admin kafka;

    public BackendProbes(String kafkaBootstrapServers) {
        this.kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS));
    }

    /** Kafka answers when its cluster id can be read within two seconds. */
    public void kafka() throws Exception {
        kafka.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).clusterId().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        kafka.close();
    }

    /** One dependency's check: returns when it answers, throws why when it does not. */
    public interface Probe {
        void run() throws Exception;
    }
}
