package io.mailfleet.testing.quarkus;

import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a Quarkus service under test at the shared real servers, through the same configuration
 * names ({@code mailfleet.*}) the service reads in production.
 */
public final class RealInfrastructureResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Infrastructure servers = TestInfrastructure.shared();
        return Map.of(
                "mailfleet.kafka.bootstrap-servers", servers.kafka().bootstrapServers(),
                "mailfleet.cassandra.contact-point", servers.cassandra().host() + ":" + servers.cassandra().port(),
                "mailfleet.cassandra.local-datacenter", servers.cassandra().localDatacenter(),
                "mailfleet.s3.endpoint", servers.s3().url(),
                "mailfleet.s3.region", servers.s3().region(),
                "mailfleet.s3.access-key", servers.s3().accessKey(),
                "mailfleet.s3.secret-key", servers.s3().secretKey());
    }

    /** The servers outlive one service's tests: the run's end or the JVM's exit stops them. */
    @Override
    public void stop() {
        // Nothing to release per service.
    }
}
