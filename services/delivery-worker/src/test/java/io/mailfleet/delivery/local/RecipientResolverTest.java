package io.mailfleet.delivery.local;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.DirectoryChanged;
import io.mailfleet.store.account.AccountRepository;
import io.mailfleet.store.account.AliasRepository;
import io.mailfleet.store.account.DomainRepository;
import org.junit.jupiter.api.Test;

import io.mailfleet.store.account.Account;
import io.mailfleet.store.account.Alias;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hosted-domain and expansion answers the resolver keeps, and the reads an expansion makes; alias expansion
 * itself is shown on Cassandra by LocalDeliveryIT.
 */
class RecipientResolverTest {

    private final List<String> domainsAsked = new ArrayList<>();

    /** Hosts ours.test only, and notes every domain it is asked about. */
    private final DomainRepository domains = (DomainRepository) Proxy.newProxyInstance(DomainRepository.class.getClassLoader(),
            new Class<?>[] {DomainRepository.class}, (proxy, method, args) -> {
                if (!method.getName().equals("exists")) {
                    throw new AssertionError("isLocal reads only whether a domain exists, not " + method.getName());
                }
                domainsAsked.add(args[0].toString());
                return args[0].toString().equals("ours.test");
            });

    private RecipientResolver resolver(Duration hostedFor) {
        return new RecipientResolver(domains, unused(AccountRepository.class), unused(AliasRepository.class), 20, 1000, hostedFor);
    }

    @SuppressWarnings("unchecked")
    private static <T> T unused(Class<T> port) {
        return (T) Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            throw new AssertionError("isLocal does not read " + port.getSimpleName());
        });
    }

    @Test
    void aHostedDomainIsReadOncePerTimeToLive() {
        RecipientResolver resolver = resolver(Duration.ofMinutes(1));

        assertThat(resolver.isLocal(MailAddress.parse("ann@ours.test"))).isTrue();
        assertThat(resolver.isLocal(MailAddress.parse("bob@OURS.test"))).isTrue();

        assertThat(domainsAsked).containsExactly("ours.test");
    }

    @Test
    void aDomainNotHostedIsReadEveryTimeSoANewDomainIsServedAtOnce() {
        RecipientResolver resolver = resolver(Duration.ofMinutes(1));

        assertThat(resolver.isLocal(MailAddress.parse("carl@elsewhere.test"))).isFalse();
        assertThat(resolver.isLocal(MailAddress.parse("carl@elsewhere.test"))).isFalse();

        assertThat(domainsAsked).containsExactly("elsewhere.test", "elsewhere.test");
    }

    @Test
    void withoutTimeToLiveEveryAddressIsRead() {
        RecipientResolver resolver = resolver(Duration.ZERO);

        resolver.isLocal(MailAddress.parse("ann@ours.test"));
        resolver.isLocal(MailAddress.parse("ann@ours.test"));

        assertThat(domainsAsked).containsExactly("ours.test", "ours.test");
    }

    private final List<String> reads = new ArrayList<>();

    /** A directory of one account, ann@ours.test, and no aliases; every read noted. */
    private RecipientResolver readingResolver(Duration rememberFor) {
        AccountRepository accounts = (AccountRepository) Proxy.newProxyInstance(AccountRepository.class.getClassLoader(),
                new Class<?>[] {AccountRepository.class}, (proxy, method, args) -> {
                    reads.add("account " + args[0]);
                    MailAddress address = (MailAddress) args[0];
                    return address.lookupKey().equals("ann@ours.test")
                            ? Optional.of(new Account(address, "hash", OptionalLong.empty(), Instant.EPOCH)) : Optional.empty();
                });
        AliasRepository aliases = (AliasRepository) Proxy.newProxyInstance(AliasRepository.class.getClassLoader(),
                new Class<?>[] {AliasRepository.class}, (proxy, method, args) -> {
                    reads.add("alias " + args[0]);
                    return Optional.<Alias>empty();
                });
        return new RecipientResolver(domains, accounts, aliases, 20, 1000, rememberFor);
    }

    @Test
    void anAccountWithoutAliasIsReadOnceAndIsItsOwnDestination() {
        Expansion expansion = readingResolver(Duration.ofMinutes(1)).expand(MailAddress.parse("ann@ours.test"));

        assertThat(expansion.accounts()).containsExactly(MailAddress.parse("ann@ours.test"));
        assertThat(reads).containsExactly("alias ann@ours.test", "account ann@ours.test");
    }

    @Test
    void whereAnAddressLeadsIsRememberedUntilTheDirectoryChanges() {
        RecipientResolver resolver = readingResolver(Duration.ofMinutes(1));

        resolver.expand(MailAddress.parse("ann@ours.test"));
        Expansion again = resolver.expand(MailAddress.parse("Ann@ours.test"));
        assertThat(again.accounts()).containsExactly(MailAddress.parse("ann@ours.test"));
        assertThat(reads).as("the second expansion is remembered").hasSize(2);

        // Any change may reroute an address: an alias elsewhere, a catch-all, an account taking it over.
        resolver.forget(DirectoryChanged.changed(DirectoryChanged.Kind.ALIAS, "sales@ours.test"));
        resolver.expand(MailAddress.parse("ann@ours.test"));
        assertThat(reads).containsExactly("alias ann@ours.test", "account ann@ours.test",
                "alias ann@ours.test", "account ann@ours.test");
    }

    @Test
    void anAddressThatLeadsNowhereIsReadEveryTimeSoNoMailBouncesOnARememberedAnswer() {
        RecipientResolver resolver = readingResolver(Duration.ofMinutes(1));

        assertThat(resolver.expand(MailAddress.parse("nobody@ours.test")).problem()).isEqualTo(Expansion.Problem.UNKNOWN_USER);
        assertThat(resolver.expand(MailAddress.parse("nobody@ours.test")).problem()).isEqualTo(Expansion.Problem.UNKNOWN_USER);

        assertThat(reads).containsExactly("alias nobody@ours.test", "account nobody@ours.test", "alias @ours.test",
                "alias nobody@ours.test", "account nobody@ours.test", "alias @ours.test");
    }

    @Test
    void withoutTimeToLiveEveryExpansionIsRead() {
        RecipientResolver resolver = readingResolver(Duration.ZERO);

        resolver.expand(MailAddress.parse("ann@ours.test"));
        resolver.expand(MailAddress.parse("ann@ours.test"));

        assertThat(reads).hasSize(4);
    }
}
