package io.mailfleet.testing.quarkus;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * For tests that freeze, stop or restart a server: servers of the test application's own instead of
 * the ones the rest of the build shares, otherwise the same test resources as every other test of
 * the service. A service's tests name it through a subclass that gives the service's TLS prefix.
 */
public abstract class PrivateServersProfile implements QuarkusTestProfile {

    private final String tlsPrefix;

    /** @param tlsPrefix the service's configuration prefix, under which its TLS settings are read */
    protected PrivateServersProfile(String tlsPrefix) {
        this.tlsPrefix = tlsPrefix;
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(RealInfrastructureResource.class,
                        Map.of(RealInfrastructureResource.SERVERS_ARGUMENT, "private")),
                new TestResourceEntry(SelfSignedTlsResource.class, Map.of("prefix", tlsPrefix)));
    }
}
