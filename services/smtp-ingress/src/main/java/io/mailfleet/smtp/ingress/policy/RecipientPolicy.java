package io.mailfleet.smtp.ingress.policy;

import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.quarkus.failure.TemporaryFailures;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.account.AccountRepository;
import io.mailfleet.store.account.Alias;
import io.mailfleet.store.account.AliasRepository;
import io.mailfleet.store.account.DomainRepository;

import java.util.Optional;

/**
 * Who may receive mail through us. Mail for our domains needs an account, an alias or the domain's
 * catch-all; mail for anywhere else is taken only from an authenticated submission client, so the
 * MX listener is never an open relay. The address is judged as parsed: a source route is gone
 * already, and {@code user%elsewhere@ours} or a quoted {@code "user@elsewhere"@ours} are just
 * local parts of our domain that no account has.
 */
public final class RecipientPolicy {

    private final DomainRepository domains;
    private final AccountRepository accounts;
    private final AliasRepository aliases;

    public RecipientPolicy(DomainRepository domains, AccountRepository accounts, AliasRepository aliases) {
        this.domains = domains;
        this.accounts = accounts;
        this.aliases = aliases;
    }

    /** Blocking: it reads the account store, so call it off the event loop. */
    public RecipientVerdict check(MailAddress recipient, Optional<String> authenticatedIdentity) {
        try {
            if (recipient.host() instanceof Domain domain && domains.exists(domain)) {
                return knownHere(recipient, domain) ? RecipientVerdict.LOCAL : RecipientVerdict.UNKNOWN_USER;
            }
            return authenticatedIdentity.isPresent() ? RecipientVerdict.RELAYED : RecipientVerdict.RELAY_DENIED;
        } catch (StoreUnavailableException e) {
            TemporaryFailures.shared().record(TemporaryFailures.Cause.CASSANDRA, "451 4.3.0 to RCPT", e);
            return RecipientVerdict.LOOKUP_FAILED;
        }
    }

    private boolean knownHere(MailAddress recipient, Domain domain) {
        return accounts.find(recipient).isPresent()
                || aliases.find(recipient.lookupKey()).isPresent()
                || aliases.find(Alias.catchAllSource(domain)).isPresent();
    }
}
