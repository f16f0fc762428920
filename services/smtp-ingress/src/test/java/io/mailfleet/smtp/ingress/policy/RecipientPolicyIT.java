package io.mailfleet.smtp.ingress.policy;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.account.Alias;
import io.mailfleet.store.cassandra.CassandraAccountRepository;
import io.mailfleet.store.cassandra.CassandraAliasRepository;
import io.mailfleet.store.cassandra.CassandraConfig;
import io.mailfleet.store.cassandra.CassandraDomainRepository;
import io.mailfleet.store.cassandra.CassandraSessions;
import io.mailfleet.testing.Infrastructure;
import io.mailfleet.testing.ModuleNames;
import io.mailfleet.testing.RealInfrastructureExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The relay and recipient rules on accounts, aliases and catch-alls stored in the real Cassandra. */
@ExtendWith(RealInfrastructureExtension.class)
class RecipientPolicyIT {

    private static CqlSession session;
    private static RecipientPolicy policy;

    @BeforeAll
    static void accounts(Infrastructure servers) {
        session = CassandraSessions.openMigrated(CassandraConfig.singleNode(servers.cassandra().contactPoint(),
                servers.cassandra().localDatacenter(), ModuleNames.keyspace()));
        CassandraDomainRepository domains = new CassandraDomainRepository(session, Clock.systemUTC());
        CassandraAccountRepository accounts = new CassandraAccountRepository(session);
        CassandraAliasRepository aliases = new CassandraAliasRepository(session);
        domains.create(Domain.parse("ours.test"));
        domains.create(Domain.parse("catchall.test"));
        accounts.create(new Account(MailAddress.parse("Ann@ours.test"), "$argon2id$x", OptionalLong.empty(), Instant.now()));
        aliases.put(Alias.of(MailAddress.parse("sales@ours.test"), List.of(MailAddress.parse("ann@ours.test"))));
        aliases.put(Alias.catchAll(Domain.parse("catchall.test"), List.of(MailAddress.parse("ann@ours.test"))));
        policy = new RecipientPolicy(domains, accounts, aliases);
    }

    @AfterAll
    static void close() {
        session.close();
    }

    @ParameterizedTest(name = "{0} (authenticated: {1}) -> {2}")
    @CsvSource(delimiter = '|', value = {
            "<ann@ours.test>                      | false | 250",
            "<ANN@OURS.TEST>                      | false | 250",
            "<sales@ours.test>                    | false | 250",
            "<anyone@catchall.test>               | false | 250",
            "<nobody@ours.test>                   | false | 550",
            "<nobody@ours.test>                   | true  | 550",
            "<friend@elsewhere.example>           | false | 554",
            "<friend@elsewhere.example>           | true  | 250",
            "<friend%elsewhere.example@ours.test> | false | 550",
            "<\"friend@elsewhere.example\"@ours.test> | false | 550",
            "<@ours.test:friend@elsewhere.example> | false | 554",
            "<friend@[192.0.2.1]>                 | false | 554"})
    void recipientsAreJudgedWithoutOpenRelay(String path, boolean authenticated, int code) {
        MailAddress recipient = MailAddress.parsePath(path.trim(), false);
        Optional<String> identity = authenticated ? Optional.of("ann@ours.test") : Optional.empty();

        assertThat(policy.check(recipient, identity).code()).isEqualTo(code);
    }
}
