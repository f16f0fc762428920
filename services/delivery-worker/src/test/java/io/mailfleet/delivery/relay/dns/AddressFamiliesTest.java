package io.mailfleet.delivery.relay.dns;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AddressFamiliesTest {

    private final List<InetAddress> ipv4 = List.of(address("192.0.2.1"), address("192.0.2.2"));
    private final List<InetAddress> ipv6 = List.of(address("2001:db8::1"));

    @Test
    void ordersFamiliesAndKeepsTheDnsOrderWithinEach() {
        assertThat(AddressFamilies.IPV6_FIRST.order(ipv4, ipv6))
                .containsExactly(address("2001:db8::1"), address("192.0.2.1"), address("192.0.2.2"));
        assertThat(AddressFamilies.IPV4_FIRST.order(ipv4, ipv6))
                .containsExactly(address("192.0.2.1"), address("192.0.2.2"), address("2001:db8::1"));
        assertThat(AddressFamilies.IPV4_ONLY.order(ipv4, ipv6))
                .containsExactly(address("192.0.2.1"), address("192.0.2.2"));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
