package io.mailfleet.quarkus.backend;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.auth.Argon2Parameters;
import io.mailfleet.auth.Argon2idPasswordHasher;
import io.mailfleet.auth.Authenticator;
import io.mailfleet.auth.CredentialCache;
import io.mailfleet.auth.LimitedPasswordHasher;
import io.mailfleet.auth.SharedLoginFailures;
import io.mailfleet.auth.ThrottlePolicy;
import io.mailfleet.server.ProtocolServerConfig;
import io.mailfleet.server.ServerMetrics;
import io.mailfleet.store.cassandra.CassandraAccountRepository;

import java.time.Clock;
import java.util.Optional;

/** The one login path of every protocol service, as its settings configure it. */
public final class LoginPath {

    /** Enough for every account of a large instance that logs in within the cache's time to live. */
    private static final long CACHE_ENTRIES = 100_000;

    private LoginPath() {
    }

    /**
     * The authenticator of a service: Argon2id checks limited to {@code maxConcurrentLogins} (one per core) at once,
     * the credential cache unless the operator turned it off, and failed logins counted across all
     * instances in Cassandra. Make one per process: the limit and the cache are the authenticator's own.
     */
    public static Authenticator authenticator(CqlSession session, ProtocolServerConfig settings, ServerMetrics metrics,
                                              String protocol) {
        LimitedPasswordHasher hasher = new LimitedPasswordHasher(new Argon2idPasswordHasher(Argon2Parameters.DEFAULT),
                settings.maxConcurrentLogins().orElse(Runtime.getRuntime().availableProcessors()));
        metrics.passwordChecks(protocol, hasher::inProgress);
        Optional<CredentialCache> cache = settings.credentialCache()
                ? Optional.of(new CredentialCache(settings.credentialCacheTtl(), CACHE_ENTRIES))
                : Optional.empty();
        return new Authenticator(new CassandraAccountRepository(session), hasher, ThrottlePolicy.DEFAULT, Clock.systemUTC(),
                cache, Optional.of(new SharedLoginFailures(session, ThrottlePolicy.DEFAULT.window())));
    }
}
