package io.mailfleet.server;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionGateTest {

    private Instant now = Instant.parse("2026-11-22T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void limitsOpenConnectionsPerAddressAndInTotal() {
        ConnectionGate gate = new ConnectionGate(3, 2, 100, clock);

        assertThat(gate.admit("192.0.2.1")).isTrue();
        assertThat(gate.admit("192.0.2.1")).isTrue();
        assertThat(gate.admit("192.0.2.1")).as("third from one address").isFalse();
        assertThat(gate.admit("192.0.2.2")).isTrue();
        assertThat(gate.admit("192.0.2.3")).as("fourth in total").isFalse();

        gate.release("192.0.2.1");
        assertThat(gate.admit("192.0.2.3")).isTrue();
        assertThat(gate.open()).isEqualTo(3);
    }

    @Test
    void limitsTheRateOfNewConnectionsPerAddressOverAMinute() {
        ConnectionGate gate = new ConnectionGate(100, 100, 3, clock);
        for (int i = 0; i < 3; i++) {
            assertThat(gate.admit("198.51.100.7")).isTrue();
            gate.release("198.51.100.7");
        }
        assertThat(gate.admit("198.51.100.7")).as("fourth within the minute").isFalse();

        now = now.plus(Duration.ofSeconds(61));
        assertThat(gate.admit("198.51.100.7")).isTrue();
    }

    @Test
    void forgetsAddressesThatAreGoneSoMemoryStaysBounded() {
        ConnectionGate gate = new ConnectionGate(1_000_000, 10, 10, clock);
        for (int i = 0; i < ConnectionGate.SWEEP_ABOVE; i++) {
            String address = "10.0." + (i / 256) + "." + (i % 256);
            assertThat(gate.admit(address)).isTrue();
            gate.release(address);
        }
        assertThat(gate.trackedAddresses()).as("all seen within the minute").isEqualTo(ConnectionGate.SWEEP_ABOVE);

        now = now.plus(Duration.ofMinutes(2));
        assertThat(gate.admit("192.0.2.9")).isTrue();

        assertThat(gate.trackedAddresses()).as("the idle ones swept out").isEqualTo(1);
    }
}
