package io.mailfleet.smtp.ingress.server;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.auth.Authenticator;
import io.mailfleet.quarkus.backend.LoginPath;
import io.mailfleet.quarkus.backend.MailBackends;
import io.mailfleet.server.ServerMetrics;
import io.mailfleet.smtp.ingress.accept.MessageAcceptor;
import io.mailfleet.smtp.ingress.config.SmtpIngressSettings;
import io.mailfleet.smtp.ingress.policy.RecipientPolicy;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.cassandra.CassandraAccountRepository;
import io.mailfleet.store.cassandra.CassandraAliasRepository;
import io.mailfleet.store.cassandra.CassandraDomainRepository;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What SMTP sessions use of the shared backends: the acceptor that makes a message durable, and the
 * recipient policy and authenticator on the Cassandra session (made on first use, so the service
 * starts while Cassandra is down and answers 4xx meanwhile).
 */
@ApplicationScoped
public class Backends {

    private final MailBackends shared;
    private final ServerMetrics serverMetrics;
    private final SmtpIngressSettings settings;
    /** One upload per message in flight, each as long as its client takes to send the body. */
    private final ExecutorService uploads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "smtp-upload-" + Uploads.NEXT.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    private final MessageAcceptor acceptor;
    private Accounts accounts;

    public Backends(MailBackends shared, SmtpIngressSettings settings, ServerMetrics serverMetrics) {
        this.serverMetrics = serverMetrics;
        this.shared = shared;
        this.settings = settings;
        this.acceptor = new MessageAcceptor(shared.blobs(), shared.events(), uploads);
        shared.createBucketAndTopics();
    }

    public MessageAcceptor acceptor() {
        return acceptor;
    }

    public MinioBlobStore blobs() {
        return shared.blobs();
    }

    /** The account-backed parts, connecting first if needed; throws StoreUnavailableException if it cannot. */
    public synchronized Accounts accounts() {
        if (accounts == null) {
            CqlSession session = shared.cassandra();
            CassandraAccountRepository accountRepository = new CassandraAccountRepository(session);
            accounts = new Accounts(session,
                    new RecipientPolicy(new CassandraDomainRepository(session, Clock.systemUTC()), accountRepository,
                            new CassandraAliasRepository(session)),
                    LoginPath.authenticator(session, settings, serverMetrics, "smtp"));
        }
        return accounts;
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
