package io.mailfleet.pop3.gateway;

import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.mailfleet.testing.quarkus.SelfSignedTlsResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * For tests that freeze, stop or restart a server: servers of the test application's own instead of
 * the ones the rest of the build shares, otherwise the same test resources as every other test of
 * the service.
 */
public final class PrivateServers implements QuarkusTestProfile {

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(RealInfrastructureResource.class,
                        Map.of(RealInfrastructureResource.SERVERS_ARGUMENT, "private")),
                new TestResourceEntry(SelfSignedTlsResource.class, Map.of("prefix", "mailfleet.pop3")));
    }
}
