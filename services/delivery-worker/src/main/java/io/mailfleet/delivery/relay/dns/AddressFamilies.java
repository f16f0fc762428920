package io.mailfleet.delivery.relay.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** Which addresses of a mail exchanger the relay connects to, and which family it tries first. */
public enum AddressFamilies {

    /** For a network without IPv6 routes: AAAA records are not even asked for. */
    IPV4_ONLY,
    IPV4_FIRST,
    IPV6_FIRST;

    boolean wantsIpv6() {
        return this != IPV4_ONLY;
    }

    /** One host's addresses in the order to try them; each family keeps the order DNS gave. */
    List<InetAddress> order(List<InetAddress> ipv4, List<InetAddress> ipv6) {
        List<InetAddress> ordered = new ArrayList<>();
        switch (this) {
            case IPV4_ONLY -> ordered.addAll(ipv4);
            case IPV4_FIRST -> {
                ordered.addAll(ipv4);
                ordered.addAll(ipv6);
            }
            case IPV6_FIRST -> {
                ordered.addAll(ipv6);
                ordered.addAll(ipv4);
            }
        }
        return ordered;
    }
}
