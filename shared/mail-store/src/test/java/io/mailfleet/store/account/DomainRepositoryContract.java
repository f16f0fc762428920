package io.mailfleet.store.account;

import io.mailfleet.model.address.Domain;
import org.junit.jupiter.api.Test;

import static io.mailfleet.store.account.AccountRepositoryContract.uniqueDomain;
import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link DomainRepository} must do; each adapter's test implements this. */
public interface DomainRepositoryContract {

    DomainRepository domains();

    @Test
    default void domainsAreCreatedOnceListedAndDeleted() {
        Domain domain = uniqueDomain();
        assertThat(domains().create(domain)).isTrue();
        assertThat(domains().create(domain)).isFalse();
        assertThat(domains().exists(domain)).isTrue();
        assertThat(domains().list()).contains(domain);
        assertThat(domains().delete(domain)).isTrue();
        assertThat(domains().delete(domain)).isFalse();
        assertThat(domains().exists(domain)).isFalse();
    }
}
