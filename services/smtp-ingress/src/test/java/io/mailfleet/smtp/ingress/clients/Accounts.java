package io.mailfleet.smtp.ingress.clients;

import io.mailfleet.auth.Argon2Parameters;
import io.mailfleet.auth.Argon2idPasswordHasher;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.smtp.ingress.server.Backends;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.cassandra.CassandraAccountRepository;
import io.mailfleet.store.cassandra.CassandraDomainRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;

/** The test domain ingress.test and its account ann@ingress.test, created once per test run. */
final class Accounts {

    static final String ANN = "ann@ingress.test";
    static final String PASSWORD = "ann's long secret";
    private static boolean seeded;

    private Accounts() {
    }

    static synchronized void seed(Backends backends) {
        if (seeded) {
            return;
        }
        var session = backends.accounts().session();
        new CassandraDomainRepository(session, Clock.systemUTC()).create(Domain.parse("ingress.test"));
        new CassandraAccountRepository(session).create(new Account(MailAddress.parse(ANN),
                new Argon2idPasswordHasher(Argon2Parameters.DEFAULT).hash(PASSWORD), OptionalLong.empty(), Instant.now()));
        seeded = true;
    }
}
