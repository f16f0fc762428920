package io.mailfleet.smtp.ingress.policy;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.DirectoryChanged;
import io.mailfleet.store.StoreUnavailableException;
import io.mailfleet.store.account.AccountRepository;
import io.mailfleet.store.account.AliasRepository;
import io.mailfleet.store.account.DomainRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RecipientPolicyTest {

    private static final Duration TTL = Duration.ofSeconds(30);

    /** A store whose every call fails as an unreachable Cassandra does. */
    @SuppressWarnings("unchecked")
    private static <T> T unreachable(Class<T> port) {
        return (T) Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            throw new StoreUnavailableException("Cassandra did not answer");
        });
    }

    private final Set<String> accounts = new HashSet<>(Set.of("ann@ours.test"));
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong();

    /**
     * A directory of one hosted domain, ours.test, whose accounts are {@link #accounts} and which has
     * no aliases: it counts the questions it is asked and answers them as a store would.
     */
    @SuppressWarnings("unchecked")
    private <T> T directory(Class<T> port) {
        return (T) Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            reads.incrementAndGet();
            return switch (method.getName()) {
                case "exists" -> args[0].toString().equals("ours.test");
                case "find" -> args[0] instanceof MailAddress address && accounts.contains(address.lookupKey())
                        ? Optional.of(address) : Optional.empty();
                default -> throw new AssertionError("the policy does not call " + method.getName());
            };
        });
    }

    private RecipientPolicy cachingPolicy() {
        return new RecipientPolicy(directory(DomainRepository.class), directory(AccountRepository.class),
                directory(AliasRepository.class), TTL, nanos::get);
    }

    private RecipientVerdict check(RecipientPolicy policy, String recipient) {
        return policy.check(MailAddress.parse(recipient), Optional.empty());
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

    @Test
    void aKnownRecipientIsAskedForOncePerTimeToLive() {
        RecipientPolicy policy = cachingPolicy();

        assertThat(check(policy, "ann@ours.test")).isEqualTo(RecipientVerdict.LOCAL);
        int firstReads = reads.get();
        assertThat(check(policy, "ANN@ours.test")).isEqualTo(RecipientVerdict.LOCAL);
        assertThat(reads.get()).isEqualTo(firstReads);

        nanos.addAndGet(TTL.toNanos());
        assertThat(check(policy, "ann@ours.test")).isEqualTo(RecipientVerdict.LOCAL);
        assertThat(reads.get()).isEqualTo(2 * firstReads);
    }

    @Test
    void theRememberedVerdictIsOnlyWhatTheCachesHoldAndNeverAsksTheStore() {
        RecipientPolicy policy = cachingPolicy();
        MailAddress ann = MailAddress.parse("ann@ours.test");

        assertThat(policy.remembered(ann)).isEmpty();
        check(policy, "ann@ours.test");
        check(policy, "bob@ours.test");
        check(policy, "carl@elsewhere.test");
        int readsAfterChecks = reads.get();

        assertThat(policy.remembered(MailAddress.parse("ANN@ours.test"))).contains(RecipientVerdict.LOCAL);
        assertThat(policy.remembered(MailAddress.parse("bob@ours.test"))).isEmpty();
        assertThat(policy.remembered(MailAddress.parse("carl@elsewhere.test"))).isEmpty();
        assertThat(reads.get()).isEqualTo(readsAfterChecks);

        nanos.addAndGet(TTL.toNanos());
        assertThat(policy.remembered(ann)).isEmpty();
    }

    @Test
    void aRemovedRecipientIsNoLongerRemembered() {
        RecipientPolicy policy = cachingPolicy();
        check(policy, "ann@ours.test");

        policy.forget(DirectoryChanged.changed(DirectoryChanged.Kind.ACCOUNT, "ann@ours.test"));

        assertThat(policy.remembered(MailAddress.parse("ann@ours.test"))).isEmpty();
    }

    @Test
    void anUnknownRecipientIsAskedForEveryTimeSoANewAccountReceivesAtOnce() {
        RecipientPolicy policy = cachingPolicy();

        assertThat(check(policy, "bob@ours.test")).isEqualTo(RecipientVerdict.UNKNOWN_USER);
        accounts.add("bob@ours.test");

        assertThat(check(policy, "bob@ours.test")).isEqualTo(RecipientVerdict.LOCAL);
    }

    @Test
    void aDomainNotHostedIsAskedForEveryTime() {
        RecipientPolicy policy = cachingPolicy();

        assertThat(check(policy, "carl@elsewhere.test")).isEqualTo(RecipientVerdict.RELAY_DENIED);
        int firstReads = reads.get();
        assertThat(check(policy, "carl@elsewhere.test")).isEqualTo(RecipientVerdict.RELAY_DENIED);

        assertThat(reads.get()).isEqualTo(2 * firstReads);
    }

    @Test
    void withoutTimeToLiveEveryCheckAsksTheStore() {
        RecipientPolicy policy = new RecipientPolicy(directory(DomainRepository.class), directory(AccountRepository.class),
                directory(AliasRepository.class));

        check(policy, "ann@ours.test");
        int firstReads = reads.get();
        check(policy, "ann@ours.test");

        assertThat(firstReads).isPositive();
        assertThat(reads.get()).isEqualTo(2 * firstReads);
    }

    /** What a removal admin-api announces makes the policy ask the store again about, before the TTL runs out. */
    @ParameterizedTest(name = "{0} {1} -> asks again about {2}")
    @CsvSource(delimiter = '|', value = {
            "ACCOUNT | ann@ours.test  | ann@ours.test",
            "ALIAS   | ann@ours.test  | ann@ours.test",
            "ALIAS   | @ours.test     | ann@ours.test bob@ours.test",
            "DOMAIN  | ours.test      | ann@ours.test bob@ours.test",
            "ACCOUNT | ann@other.test | ''",
            "DOMAIN  | other.test     | ''",
    })
    void aRemovalForgetsTheAnswersItMadeStale(DirectoryChanged.Kind kind, String name, String askedAgain) {
        accounts.add("bob@ours.test");
        RecipientPolicy policy = cachingPolicy();
        check(policy, "ann@ours.test");
        check(policy, "bob@ours.test");

        policy.forget(DirectoryChanged.changed(kind, name));

        List<String> asked = new ArrayList<>();
        for (String recipient : List.of("ann@ours.test", "bob@ours.test")) {
            int before = reads.get();
            assertThat(check(policy, recipient)).isEqualTo(RecipientVerdict.LOCAL);
            if (reads.get() > before) {
                asked.add(recipient);
            }
        }
        assertThat(String.join(" ", asked)).isEqualTo(askedAgain);
    }
}
