package io.mailfleet.delivery.relay;

import io.mailfleet.delivery.bounce.Bounces;
import io.mailfleet.delivery.config.RelaySettings;
import io.mailfleet.delivery.lag.GroupLagMetrics;
import io.mailfleet.delivery.relay.dns.AddressFamilies;
import io.mailfleet.delivery.relay.dns.MxResolver;
import io.mailfleet.delivery.relay.dns.MxResolverSettings;
import io.mailfleet.delivery.relay.transport.PoolSettings;
import io.mailfleet.delivery.relay.transport.SmtpConnectionPool;
import io.mailfleet.delivery.relay.transport.TlsContexts;
import io.mailfleet.delivery.server.Backends;
import io.mailfleet.delivery.server.DeliveryMetrics;
import io.mailfleet.delivery.server.Workers;
import io.mailfleet.events.ConsumerSettings;
import io.mailfleet.events.EventConsumer;
import io.mailfleet.model.event.OutboundMail;
import io.mailfleet.smtp.client.Credentials;
import io.mailfleet.smtp.client.SmtpClientSettings;
import io.mailfleet.smtp.client.Stage;
import io.mailfleet.smtp.client.TlsMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.xbill.DNS.ResolverConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The relay: consumers of {@code mail.outbound}, on their own consumer group so they scale apart
 * from local delivery, with the MX resolver and the pool of outbound connections they share.
 * Off when {@code mailfleet.relay.enabled=false}, for instances that only deliver locally.
 */
@ApplicationScoped
public class RelayWorkers {

    /**
     * One attempt can wait out the RFC's timeouts (10 minutes after the data): stay in the group
     * meanwhile. One record a poll, because a rebalance waits for every member's next poll: after
     * another instance died, its partitions move once each relay consumer finishes its current message.
     */
    private static final Map<String, String> SLOW_HANDLER = Map.of("max.poll.interval.ms", "1800000", "max.poll.records", "1");

    private final RelaySettings settings;
    private final Backends backends;
    private final Bounces bounces;
    private final DeliveryMetrics metrics;
    private final Workers workers;
    private final GroupLagMetrics lag;
    private SmtpConnectionPool pool;

    public RelayWorkers(RelaySettings settings, Backends backends, Bounces bounces, DeliveryMetrics metrics, Workers workers,
                        GroupLagMetrics lag) {
        this.settings = settings;
        this.backends = backends;
        this.bounces = bounces;
        this.metrics = metrics;
        this.workers = workers;
        this.lag = lag;
    }

    /**
     * After {@link Workers}'s start (of the default observer priority, {@code APPLICATION + 500}), which creates the
     * topics: a consumer that subscribes before them is told by the broker that the outbound topic is unknown.
     */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent started)
            throws IOException, GeneralSecurityException {
        if (!settings.enabled()) {
            return;
        }
        pool = new SmtpConnectionPool(PoolSettings.defaults(),
                TlsContexts.verifying(settings.smartHost().trustedCertificates()));
        MxResolver resolver = new MxResolver(new MxResolverSettings(dnsServers(), settings.dnsTimeout(), 2,
                settings.ipv6() ? AddressFamilies.IPV4_FIRST : AddressFamilies.IPV4_ONLY));
        MxRemoteDelivery remote = new MxRemoteDelivery(resolver, pool, backends.blobs(), route(), settings.maxAddressesPerAttempt());
        lag.watch(settings.consumerGroup(), List.of(backends.topics().outbound()));
        for (int i = 0; i < settings.consumers(); i++) {
            ConsumerSettings consumer = ConsumerSettings.defaults(backends.kafkaBootstrapServers(), settings.consumerGroup(),
                    List.of(backends.topics().outbound()), backends.topics().deadLetter())
                    .withClientProperties(SLOW_HANDLER);
            workers.run("relay-" + i, new EventConsumer<>(consumer, OutboundMail.class, Workers.lazily(() -> {
                Backends.Store store = backends.store();
                return new RelayHandler(remote, store.relayReceipts(), bounces, backends.events(), backends.topics(),
                        backends.retries(), Workers.PUBLISH_BOUND, metrics, Clock.systemUTC());
            })));
        }
    }

    void stop(@Observes @Priority(1) ShutdownEvent stopping) {
        if (pool != null) {
            pool.close();
        }
    }

    private MxRemoteDelivery.Route route() {
        SmtpClientSettings base = SmtpClientSettings.defaults(bounces.hostname().ascii())
                .withTimeout(Stage.CONNECT, settings.connectTimeout());
        RelaySettings.SmartHost smart = settings.smartHost();
        if (smart.address().isEmpty()) {
            return new MxRemoteDelivery.Route.Mx(settings.port(), base.withTlsMode(TlsMode.OPPORTUNISTIC));
        }
        InetSocketAddress address = hostAndPort(smart.address().get(), 587);
        SmtpClientSettings smartSettings = base.withTlsMode(smart.requireTls() ? TlsMode.REQUIRED : TlsMode.OPPORTUNISTIC);
        if (smart.username().isPresent()) {
            smartSettings = smartSettings.withCredentials(new Credentials(smart.username().get(), smart.password().orElse("")));
        }
        return new MxRemoteDelivery.Route.SmartHost(address.getHostString(), address.getPort(), smartSettings, smart.requireTls());
    }

    private List<InetSocketAddress> dnsServers() {
        return settings.dnsServers().filter(list -> !list.isEmpty())
                .map(list -> list.stream().map(server -> hostAndPort(server, 53))
                        .map(server -> new InetSocketAddress(server.getHostString(), server.getPort())).toList())
                .orElseGet(() -> ResolverConfig.getCurrentConfig().servers());
    }

    private static InetSocketAddress hostAndPort(String text, int defaultPort) {
        int colon = text.lastIndexOf(':');
        if (colon > 0 && text.indexOf(':') == colon) {
            return InetSocketAddress.createUnresolved(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        }
        return InetSocketAddress.createUnresolved(text, defaultPort);
    }
}
