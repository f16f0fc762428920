package io.mailfleet.store.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.mailfleet.model.address.Domain;

import java.time.Duration;

/**
 * Whether a domain is hosted here, which smtp-ingress and delivery read for every recipient of every
 * message. Yes answers are remembered for {@code rememberFor}, so a hosted domain costs no Cassandra
 * read per message; no answers are not, so a domain just created is served at once. A removed domain
 * is dropped at once when its removal is announced ({@link #forget}); the time to live matters only
 * while such announcements do not arrive.
 */
public final class HostedDomains {

    private final DomainRepository domains;
    private final Cache<Domain, Boolean> hosted;

    /** @param maxEntries domains remembered at most, which bounds memory whatever senders try */
    public HostedDomains(DomainRepository domains, Duration rememberFor, long maxEntries, Ticker ticker) {
        this.domains = domains;
        this.hosted = Caffeine.newBuilder().expireAfterWrite(rememberFor).maximumSize(maxEntries).ticker(ticker).build();
    }

    /** Blocking: reads the domain store unless a yes answer is remembered; it throws what the store throws. */
    public boolean contains(Domain domain) {
        if (remembered(domain)) {
            return true;
        }
        boolean yes = domains.exists(domain);
        if (yes) {
            hosted.put(domain, true);
        }
        return yes;
    }

    /** Never blocking: whether a yes answer is remembered, without asking the store when none is. */
    public boolean remembered(Domain domain) {
        return hosted.getIfPresent(domain) != null;
    }

    /** Drops what is remembered of a removed domain. */
    public void forget(Domain domain) {
        hosted.invalidate(domain);
    }
}
