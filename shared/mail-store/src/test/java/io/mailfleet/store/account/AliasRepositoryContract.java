package io.mailfleet.store.account;

import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.mailfleet.store.account.AccountRepositoryContract.uniqueDomain;
import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link AliasRepository} must do; each adapter's test implements this. */
public interface AliasRepositoryContract {

    AliasRepository aliases();

    @Test
    default void aliasesAndCatchAllsAreStoredPerDomain() {
        Domain domain = uniqueDomain();
        MailAddress source = MailAddress.parse("Sales@" + domain.ascii());
        Alias sales = Alias.of(source, List.of(MailAddress.parse("ann@" + domain.ascii()), MailAddress.parse("ben@example.org")));
        Alias catchAll = Alias.catchAll(domain, List.of(MailAddress.parse("postmaster@" + domain.ascii())));

        aliases().put(sales);
        aliases().put(catchAll);

        assertThat(aliases().find(source.lookupKey())).hasValueSatisfying(found ->
                assertThat(found.targets()).containsExactlyInAnyOrderElementsOf(sales.targets()));
        assertThat(aliases().find(Alias.catchAllSource(domain))).hasValueSatisfying(found -> assertThat(found.isCatchAll()).isTrue());
        assertThat(aliases().listByDomain(domain)).extracting(Alias::source)
                .containsExactlyInAnyOrder(sales.source(), catchAll.source());
        assertThat(aliases().delete(sales.source())).isTrue();
        assertThat(aliases().find(sales.source())).isEmpty();
        assertThat(aliases().listByDomain(domain)).extracting(Alias::source).containsExactly(catchAll.source());
    }
}
