package io.mailfleet.testing;

import java.net.InetSocketAddress;

/** A CQL contact point and the datacenter name the driver must declare as local. */
public record CassandraEndpoint(String host, int port, String localDatacenter) {

    public InetSocketAddress contactPoint() {
        return new InetSocketAddress(host, port);
    }
}
