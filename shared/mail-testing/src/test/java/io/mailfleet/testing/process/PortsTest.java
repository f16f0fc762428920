package io.mailfleet.testing.process;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PortsTest {

    /**
     * The kernel may offer a closed probe's port again at once; a build's Kafka once got the same port
     * for its listener and its controller and did not start. A thousand ports from the ephemeral range
     * would hardly all differ if the kernel's offers were passed on as they come.
     */
    @Test
    void aPortIsHandedOutOnce() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertThat(ports.add(Ports.free())).as("port handed out for the %d-th time", i + 1).isTrue();
        }
    }
}
