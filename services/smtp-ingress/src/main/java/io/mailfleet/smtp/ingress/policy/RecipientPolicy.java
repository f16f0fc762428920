package io.mailfleet.smtp.ingress.policy;

import com.github.benmanes.caffeine.cache.Ticker;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.DirectoryChanged;
import io.mailfleet.quarkus.failure.TemporaryFailures;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.account.AccountRepository;
import io.mailfleet.store.account.Alias;
import io.mailfleet.store.account.AliasRepository;
import io.mailfleet.store.account.DomainRepository;
import io.mailfleet.store.account.HostedDomains;
import io.mailfleet.store.account.RememberedAnswers;

import java.time.Duration;
import java.util.Optional;

/**
 * Who may receive mail through us. Mail for our domains needs an account, an alias or the domain's
 * catch-all; mail for anywhere else is taken only from an authenticated submission client, so the
 * MX listener is never an open relay. The address is judged as parsed: a source route is gone
 * already, and {@code user%elsewhere@ours} or a quoted {@code "user@elsewhere"@ours} are just
 * local parts of our domain that no account has.
 *
 * <p>Yes answers (a hosted domain, a known recipient) are remembered for {@code cacheFor}, so that a
 * busy recipient costs no Cassandra read per message; no answers are not, so that a domain or
 * account just created receives mail at once. A recipient deleted within that time is still
 * accepted, and its message bounces at delivery, which reads the account again: nothing is lost.
 * admin-api announces each change ({@link DirectoryChanged}), and {@link #forget} drops what it
 * makes stale at once, so the time to live matters only while those events do not arrive.
 */
public final class RecipientPolicy {

    /** Entries each cache holds at most: bounds memory whatever the senders try. */
    static final long CACHE_ENTRIES = 100_000;

    private final HostedDomains hostedDomains;
    private final AccountRepository accounts;
    private final AliasRepository aliases;
    private final RememberedAnswers<Boolean> knownRecipients;

    public RecipientPolicy(DomainRepository domains, AccountRepository accounts, AliasRepository aliases,
                           Duration cacheFor, Ticker ticker) {
        this.hostedDomains = new HostedDomains(domains, cacheFor, CACHE_ENTRIES, ticker);
        this.accounts = accounts;
        this.aliases = aliases;
        this.knownRecipients = new RememberedAnswers<>(cacheFor, CACHE_ENTRIES, ticker);
    }

    /** A policy that asks the store every time. */
    public RecipientPolicy(DomainRepository domains, AccountRepository accounts, AliasRepository aliases) {
        this(domains, accounts, aliases, Duration.ZERO, Ticker.systemTicker());
    }

    /** Blocking: it reads the account store, so call it off the event loop. */
    public RecipientVerdict check(MailAddress recipient, Optional<String> authenticatedIdentity) {
        try {
            if (recipient.host() instanceof Domain domain && hostedDomains.contains(domain)) {
                return knownHere(recipient, domain) ? RecipientVerdict.LOCAL : RecipientVerdict.UNKNOWN_USER;
            }
            return authenticatedIdentity.isPresent() ? RecipientVerdict.RELAYED : RecipientVerdict.RELAY_DENIED;
        } catch (StoreUnavailableException e) {
            TemporaryFailures.shared().record(TemporaryFailures.Cause.CASSANDRA, "451 4.3.0 to RCPT", e);
            return RecipientVerdict.LOOKUP_FAILED;
        }
    }

    /**
     * Never blocking, so that the event loop may ask it: the verdict when the caches hold it (a known
     * recipient of a hosted domain, within the time to live), else empty, and {@link #check} must ask
     * the store. A busy recipient's RCPT then costs no hand-off to a thread that may block.
     */
    public Optional<RecipientVerdict> remembered(MailAddress recipient) {
        return recipient.host() instanceof Domain domain && hostedDomains.remembered(domain)
                && knownRecipients.remembered(recipient.lookupKey()).isPresent()
                ? Optional.of(RecipientVerdict.LOCAL) : Optional.empty();
    }

    /** Drops the yes answers a change made stale: the entry itself, and for a domain or a catch-all every recipient of it. */
    public void forget(DirectoryChanged change) {
        if (change.kind() == DirectoryChanged.Kind.DOMAIN) {
            hostedDomains.forget(Domain.parse(change.name(), true));
        }
        knownRecipients.forget(change);
    }

    private boolean knownHere(MailAddress recipient, Domain domain) {
        String key = recipient.lookupKey();
        if (knownRecipients.remembered(key).isPresent()) {
            return true;
        }
        boolean known = accounts.find(recipient).isPresent()
                || aliases.find(key).isPresent()
                || aliases.find(Alias.catchAllSource(domain)).isPresent();
        if (known) {
            knownRecipients.remember(key, true);
        }
        return known;
    }
}
