package io.mailfleet.delivery.local;

import com.github.benmanes.caffeine.cache.Ticker;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.DirectoryChanged;
import io.mailfleet.store.account.AccountRepository;
import io.mailfleet.store.account.Alias;
import io.mailfleet.store.account.AliasRepository;
import io.mailfleet.store.account.DomainRepository;
import io.mailfleet.store.account.HostedDomains;
import io.mailfleet.store.account.RememberedAnswers;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Follows aliases the way the admin API checks them for loops: an address's own alias first, else
 * its account, else its domain's catch-all. Addresses already on the way are not expanded again, so
 * a loop ends; an alias that lists its own address among others delivers to the others. Mail for
 * other domains reached through an alias goes to the relay.
 *
 * <p>What is read for every recipient of every message is remembered for {@code rememberFor}: that a
 * domain is hosted here, and where an address leads when it leads somewhere. That a domain is not
 * hosted, or that an address leads nowhere, is asked every time, so a new domain or address is served
 * at once and no mail bounces on a remembered answer. admin-api's {@link DirectoryChanged} events drop
 * what a change makes stale ({@link #forget}); until one arrives mail may still follow the old way: to
 * an account that was deleted meanwhile it bounces at delivery, whose write finds the INBOX gone.
 */
public final class RecipientResolver {

    private final AccountRepository accounts;
    private final AliasRepository aliases;
    private final int maxDepth;
    private final int maxTargets;
    private final HostedDomains hostedDomains;
    /** Deliverable expansions by the recipient's lookup key. */
    private final RememberedAnswers<Expansion> expansions;

    public RecipientResolver(DomainRepository domains, AccountRepository accounts, AliasRepository aliases,
                             int maxDepth, int maxTargets, Duration rememberFor) {
        this.accounts = accounts;
        this.aliases = aliases;
        this.maxDepth = maxDepth;
        this.maxTargets = maxTargets;
        this.hostedDomains = new HostedDomains(domains, rememberFor, 10_000, Ticker.systemTicker());
        this.expansions = new RememberedAnswers<>(rememberFor, 100_000, Ticker.systemTicker());
    }

    /** Whether mail for this address is ours to deliver (a hosted domain), rather than to relay. */
    public boolean isLocal(MailAddress address) {
        return address.host() instanceof Domain domain && hostedDomains.contains(domain);
    }

    /**
     * Forgets what a change of the directory made stale (admin-api's {@link DirectoryChanged}); the TTL
     * covers a missed event. Any change may reroute any expansion (an alias leads through others, a
     * new account takes its address from the catch-all), and changes are rare: all of them are dropped.
     */
    public void forget(DirectoryChanged change) {
        if (change.kind() == DirectoryChanged.Kind.DOMAIN) {
            hostedDomains.forget(Domain.parse(change.name(), true));
        }
        expansions.forgetAll();
    }

    /** Blocking: reads the account store unless the answer is remembered. The address must be {@link #isLocal local}. */
    public Expansion expand(MailAddress recipient) {
        String key = recipient.lookupKey();
        Optional<Expansion> remembered = expansions.remembered(key);
        if (remembered.isPresent()) {
            return remembered.get();
        }
        Expansion expansion = expandFromStore(recipient);
        if (expansion.problem() == Expansion.Problem.NONE) {
            expansions.remember(key, expansion);
        }
        return expansion;
    }

    private Expansion expandFromStore(MailAddress recipient) {
        List<MailAddress> found = new ArrayList<>();
        List<MailAddress> remote = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Deque<Step> pending = new ArrayDeque<>();
        pending.push(new Step(recipient, 0));
        boolean unknown = false;
        boolean tooDeep = false;
        while (!pending.isEmpty()) {
            Step step = pending.pop();
            if (!seen.add(step.address().lookupKey())) {
                continue;
            }
            if (seen.size() > maxTargets) {
                tooDeep = true;
                break;
            }
            if (!isLocal(step.address())) {
                remote.add(step.address());
                continue;
            }
            Optional<Alias> alias = aliases.find(step.address().lookupKey());
            if (alias.isEmpty()) {
                // The account is read once: whether the address is one decides both that it has no catch-all to
                // follow and that it is a destination.
                if (accounts.find(step.address()).isPresent()) {
                    found.add(step.address());
                    continue;
                }
                alias = aliases.find(Alias.catchAllSource((Domain) step.address().host()));
                if (alias.isEmpty()) {
                    unknown = true;
                    continue;
                }
            }
            if (step.depth() >= maxDepth) {
                tooDeep = true;
                continue;
            }
            for (MailAddress target : alias.get().targets()) {
                pending.push(new Step(target, step.depth() + 1));
            }
        }
        Expansion.Problem problem = Expansion.Problem.NONE;
        if (found.isEmpty() && remote.isEmpty()) {
            // With no dead end met, every path came back to an address already seen.
            problem = unknown && !tooDeep ? Expansion.Problem.UNKNOWN_USER : Expansion.Problem.ALIAS_LOOP;
        }
        return new Expansion(found, remote, problem);
    }

    private record Step(MailAddress address, int depth) {
    }
}
