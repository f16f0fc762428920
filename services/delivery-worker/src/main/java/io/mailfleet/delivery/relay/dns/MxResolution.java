package io.mailfleet.delivery.relay.dns;

import java.util.List;

/** Where mail for a destination goes, or why it cannot go now or ever. */
public sealed interface MxResolution {

    /** How the hosts were found. */
    enum Route {
        /** The destination's MX records. */
        MX,
        /** No MX records: the destination's own addresses, RFC 5321 §5.1's implicit MX. */
        IMPLICIT_MX,
        /** The destination was an address literal; DNS was not asked. */
        ADDRESS_LITERAL
    }

    /** Hosts to try in this order, each with at least one address. */
    record Hosts(Route route, List<MxHost> hosts) implements MxResolution {

        public Hosts {
            hosts = List.copyOf(hosts);
            if (hosts.isEmpty()) {
                throw new IllegalArgumentException("no hosts");
            }
        }
    }

    /** The destination can never receive mail: bounce. */
    record PermanentFailure(String enhancedStatus, String reason) implements MxResolution {
    }

    /** The destination cannot be reached now: keep the mail and try again later. */
    record TemporaryFailure(String enhancedStatus, String reason) implements MxResolution {
    }
}
