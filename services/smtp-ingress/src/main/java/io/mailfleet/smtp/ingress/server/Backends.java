package io.mailfleet.smtp.ingress.server;

import com.datastax.oss.driver.api.core.CqlSession;
import com.github.benmanes.caffeine.cache.Ticker;
import io.mailfleet.auth.Authenticator;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.quarkus.backend.LoginPath;
import io.mailfleet.quarkus.backend.MailBackends;
import io.mailfleet.server.ServerMetrics;
import io.mailfleet.smtp.ingress.accept.MessageAcceptor;
import io.mailfleet.smtp.ingress.config.SmtpIngressSettings;
import io.mailfleet.smtp.ingress.policy.RecipientPolicy;
import io.mailfleet.smtp.ingress.policy.RecipientVerdict;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.cassandra.CassandraAccountRepository;
import io.mailfleet.store.cassandra.CassandraAliasRepository;
import io.mailfleet.store.cassandra.CassandraDomainRepository;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What SMTP sessions use of the shared backends: the acceptor that makes a message durable, and the
 * recipient policy and authenticator on the Cassandra session (made on first use, so the service
 * starts while Cassandra is down and answers 4xx meanwhile).
 */
@ApplicationScoped
public class Backends {

    private final MailBackends shared;
    /** One upload per message in flight, each as long as its client takes to send the body. */
    private final ExecutorService uploads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "smtp-upload-" + Uploads.NEXT.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    private final MessageAcceptor acceptor;
    private final Supplier<Accounts> accounts;
    /** Set once the policy is made: removals heard before that have nothing to drop. */
    private volatile RecipientPolicy policy;

    public Backends(MailBackends shared, SmtpIngressSettings settings, ServerMetrics serverMetrics, SmtpMetrics metrics) {
        this.shared = shared;
        this.accounts = shared.onCassandra(session -> {
            policy = new RecipientPolicy(new CassandraDomainRepository(session, Clock.systemUTC()),
                    new CassandraAccountRepository(session), new CassandraAliasRepository(session),
                    settings.recipientCacheTtl(), Ticker.systemTicker());
            return new Accounts(session, policy, LoginPath.authenticator(session, settings, serverMetrics, "smtp"));
        });
        this.acceptor = new MessageAcceptor(shared.blobs(), shared.events(), uploads, shared::pins, metrics::acceptStage);
        shared.createBucketAndTopics();
        shared.readDirectoryChanges(change -> {
            RecipientPolicy made = policy;
            if (made != null) {
                made.forget(change);
            }
        });
    }

    public MessageAcceptor acceptor() {
        return acceptor;
    }

    public MinioBlobStore blobs() {
        return shared.blobs();
    }

    /**
     * Never blocking: the recipient policy's remembered verdict ({@link RecipientPolicy#remembered}),
     * empty when it has none or is not made yet (Cassandra not connected).
     */
    public Optional<RecipientVerdict> rememberedVerdict(MailAddress recipient) {
        RecipientPolicy made = policy;
        return made == null ? Optional.empty() : made.remembered(recipient);
    }

    /** The account-backed parts, connecting first if needed; throws StoreUnavailableException if it cannot. */
    public Accounts accounts() {
        return accounts.get();
    }

    @PreDestroy
    void close() {
        uploads.shutdownNow();
    }

    /** The recipient policy and the authenticator on one Cassandra session. */
    public record Accounts(CqlSession session, RecipientPolicy policy, Authenticator authenticator) {
    }

    private static final class Uploads {
        static final AtomicInteger NEXT = new AtomicInteger();
    }
}
