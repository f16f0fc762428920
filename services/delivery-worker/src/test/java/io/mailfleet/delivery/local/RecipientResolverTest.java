package io.mailfleet.delivery.local;

import io.mailfleet.model.address.MailAddress;
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
 * The hosted-domain answers the resolver keeps, and the reads an expansion makes; alias expansion itself is
 * shown on Cassandra by LocalDeliveryIT.
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

    @Test
    void anAccountWithoutAliasIsReadOnceAndIsItsOwnDestination() {
        List<String> reads = new ArrayList<>();
        AccountRepository accounts = (AccountRepository) Proxy.newProxyInstance(AccountRepository.class.getClassLoader(),
                new Class<?>[] {AccountRepository.class}, (proxy, method, args) -> {
                    reads.add("account " + args[0]);
                    MailAddress address = (MailAddress) args[0];
                    return Optional.of(new Account(address, "hash", OptionalLong.empty(), Instant.EPOCH));
                });
        AliasRepository aliases = (AliasRepository) Proxy.newProxyInstance(AliasRepository.class.getClassLoader(),
                new Class<?>[] {AliasRepository.class}, (proxy, method, args) -> {
                    reads.add("alias " + args[0]);
                    return Optional.<Alias>empty();
                });
        RecipientResolver resolver = new RecipientResolver(domains, accounts, aliases, 20, 1000, Duration.ofMinutes(1));

        Expansion expansion = resolver.expand(MailAddress.parse("ann@ours.test"));

        assertThat(expansion.accounts()).containsExactly(MailAddress.parse("ann@ours.test"));
        assertThat(reads).containsExactly("alias ann@ours.test", "account ann@ours.test");
    }
}
