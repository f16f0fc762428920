package io.mailfleet.smtp.ingress.policy;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.account.AccountRepository;
import io.mailfleet.store.account.AliasRepository;
import io.mailfleet.store.account.DomainRepository;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RecipientPolicyTest {

    /** A store whose every call fails as an unreachable Cassandra does. */
    @SuppressWarnings("unchecked")
    private static <T> T unreachable(Class<T> port) {
        return (T) Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            throw new StoreUnavailableException("Cassandra did not answer");
        });
    }

    @Test
    void anUnreachableStoreIsATemporaryFailureNeverAnAcceptance() {
        RecipientPolicy policy = new RecipientPolicy(unreachable(DomainRepository.class), unreachable(AccountRepository.class),
                unreachable(AliasRepository.class));

        RecipientVerdict verdict = policy.check(MailAddress.parse("ann@ours.test"), Optional.of("ann@ours.test"));

        assertThat(verdict.code()).isEqualTo(451);
        assertThat(verdict.enhancedCode()).isEqualTo("4.3.0");
        assertThat(verdict.accepted()).isFalse();
    }
}
