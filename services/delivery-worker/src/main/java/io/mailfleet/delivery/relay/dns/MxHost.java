package io.mailfleet.delivery.relay.dns;

import java.net.InetAddress;
import java.util.List;

/**
 * A host to deliver to and its addresses in the order to try them.
 *
 * @param name       the host's name in A-labels without the final dot, or the address literal
 *                   ({@code [192.0.2.1]}) when the destination was one; TLS checks certificates
 *                   against it
 * @param preference its MX preference; 0 for an implicit MX or an address literal
 */
public record MxHost(String name, int preference, List<InetAddress> addresses) {

    public MxHost {
        addresses = List.copyOf(addresses);
    }
}
