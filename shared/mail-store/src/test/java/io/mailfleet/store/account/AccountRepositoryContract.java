package io.mailfleet.store.account;

import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link AccountRepository} must do; each adapter's test implements this. */
public interface AccountRepositoryContract {

    AccountRepository accounts();

    static Domain uniqueDomain() {
        return Domain.parse("d" + UUID.randomUUID().toString().replace("-", "") + ".test");
    }

    static Account account(String address) {
        return new Account(MailAddress.parse(address), "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA",
                OptionalLong.empty(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    default void accountsAreUniqueRegardlessOfCase() {
        Domain domain = uniqueDomain();
        Account account = account("Alice@" + domain.ascii());

        assertThat(accounts().create(account)).isTrue();
        assertThat(accounts().create(account("alice@" + domain.ascii().toUpperCase()))).isFalse();
        assertThat(accounts().find(MailAddress.parse("ALICE@" + domain.ascii()))).contains(account);
    }

    @Test
    default void accountsAreListedPerDomainInPages() {
        Domain domain = uniqueDomain();
        for (String name : List.of("carol", "alice", "bob", "dave", "erin")) {
            accounts().create(account(name + "@" + domain.ascii()));
        }
        accounts().create(account("zed@" + uniqueDomain().ascii()));

        List<Account> first = accounts().listByDomain(domain, Optional.empty(), 2);
        List<Account> second = accounts().listByDomain(domain, Optional.of(first.get(1).key()), 2);
        List<Account> third = accounts().listByDomain(domain, Optional.of(second.get(1).key()), 2);

        assertThat(first).extracting(a -> a.address().localPart()).containsExactly("alice", "bob");
        assertThat(second).extracting(a -> a.address().localPart()).containsExactly("carol", "dave");
        assertThat(third).extracting(a -> a.address().localPart()).containsExactly("erin");
        assertThat(accounts().hasAccounts(domain)).isTrue();
    }

    @Test
    default void passwordQuotaAndDeletion() {
        Domain domain = uniqueDomain();
        MailAddress address = MailAddress.parse("frank@" + domain.ascii());
        accounts().create(account(address.toString()));

        assertThat(accounts().changePasswordHash(address, "$2a$12$newhash")).isTrue();
        assertThat(accounts().setQuota(address, OptionalLong.of(1_000_000))).isTrue();
        Account changed = accounts().find(address).orElseThrow();
        assertThat(changed.passwordHash()).isEqualTo("$2a$12$newhash");
        assertThat(changed.quotaBytes()).hasValue(1_000_000);

        assertThat(accounts().replacePasswordHash(address, "$2a$12$stale", "$argon2id$upgraded")).as("stale expectation").isFalse();
        assertThat(accounts().replacePasswordHash(address, "$2a$12$newhash", "$argon2id$upgraded")).isTrue();
        assertThat(accounts().find(address).orElseThrow().passwordHash()).isEqualTo("$argon2id$upgraded");

        assertThat(accounts().delete(address)).isTrue();
        assertThat(accounts().delete(address)).isFalse();
        assertThat(accounts().find(address)).isEmpty();
        assertThat(accounts().hasAccounts(domain)).isFalse();
        assertThat(accounts().changePasswordHash(address, "x")).isFalse();
    }

}
