package io.mailfleet.server;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;

import java.net.InetSocketAddress;
import java.util.List;

/** The load balancers allowed to name the client with a PROXY protocol header: addresses and CIDR ranges. */
final class TrustedProxies {

    private final List<IpSubnetFilterRule> ranges;

    TrustedProxies(List<String> addressesOrRanges) {
        this.ranges = addressesOrRanges.stream().map(TrustedProxies::range).toList();
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    boolean trusts(String address) {
        InetSocketAddress peer = new InetSocketAddress(address, 0);
        return ranges.stream().anyMatch(range -> range.matches(peer));
    }

    private static IpSubnetFilterRule range(String entry) {
        int slash = entry.indexOf('/');
        if (slash >= 0) {
            return new IpSubnetFilterRule(entry.substring(0, slash).trim(), Integer.parseInt(entry.substring(slash + 1).trim()),
                    IpFilterRuleType.ACCEPT);
        }
        String address = entry.trim();
        return new IpSubnetFilterRule(address, address.contains(":") ? 128 : 32, IpFilterRuleType.ACCEPT);
    }
}
