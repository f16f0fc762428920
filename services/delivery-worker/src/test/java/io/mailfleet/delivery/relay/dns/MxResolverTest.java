package io.mailfleet.delivery.relay.dns;

import io.mailfleet.delivery.relay.dns.MxResolution.Hosts;
import io.mailfleet.delivery.relay.dns.MxResolution.Route;
import io.mailfleet.model.address.AddressLiteral;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MxResolverTest {

    /** Nothing listens there: an address literal must not lead to any question. */
    private final MxResolver resolver = new MxResolver(new MxResolverSettings(
            List.of(new InetSocketAddress("127.0.0.1", 9)), Duration.ofMillis(100), 1, AddressFamilies.IPV4_ONLY));

    @Test
    void anIpv4AddressLiteralIsTheOneHost() throws Exception {
        assertThat(resolver.resolve(AddressLiteral.parse("[192.0.2.1]"))).isEqualTo(new Hosts(Route.ADDRESS_LITERAL,
                List.of(new MxHost("[192.0.2.1]", 0, List.of(InetAddress.getByName("192.0.2.1"))))));
    }

    @Test
    void anIpv6AddressLiteralIsTheOneHostWhateverTheFamiliesSetting() throws Exception {
        assertThat(resolver.resolve(AddressLiteral.parse("[IPv6:2001:DB8::1]"))).isEqualTo(new Hosts(
                Route.ADDRESS_LITERAL, List.of(new MxHost("[IPv6:2001:db8::1]", 0,
                List.of(InetAddress.getByName("2001:db8::1"))))));
    }
}
