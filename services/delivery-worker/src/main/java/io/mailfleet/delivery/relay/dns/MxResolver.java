package io.mailfleet.delivery.relay.dns;

import io.mailfleet.delivery.relay.dns.MxResolution.Hosts;
import io.mailfleet.delivery.relay.dns.MxResolution.PermanentFailure;
import io.mailfleet.delivery.relay.dns.MxResolution.Route;
import io.mailfleet.delivery.relay.dns.MxResolution.TemporaryFailure;
import io.mailfleet.model.address.AddressLiteral;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailHost;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;
import org.xbill.DNS.lookup.ServerFailedException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds the hosts that take mail for a destination, as RFC 5321 §5.1 says, and tells failures that
 * will pass from those that will not. Only two answers are permanent: the domain does not exist
 * (NXDOMAIN) and the domain publishes a null MX (RFC 7505). Everything else that goes wrong is
 * temporary, so a DNS outage never bounces mail.
 *
 * <p>It keeps no cache: the servers it asks are recursive resolvers, which cache. It follows CNAMEs
 * as dnsjava's {@link LookupSession} does, asks over TCP when a UDP answer comes back truncated, and
 * asks a host's A and AAAA records, and all hosts' records, at once. One instance serves all threads.
 */
public final class MxResolver {

    private static final String NULL_MX = "5.1.10";
    private static final String NO_SUCH_DOMAIN = "5.1.2";
    private static final String DNS_FAILURE = "4.4.3";
    private static final String NO_ADDRESS = "4.4.4";

    /**
     * Where dnsjava hands each answer on. Its default is the common pool, which CompletableFuture
     * replaces with a new thread per task when the pool has a parallelism of one (one or two CPUs):
     * a thread per DNS answer. One named thread is enough for parsing answers and asking again over
     * TCP; it ends when idle, so an instance needs no closing.
     */
    private final ThreadPoolExecutor answers;
    private final LookupSession dns;
    private final AddressFamilies families;
    private final Random random;

    public MxResolver(MxResolverSettings settings) {
        this(settings, new Random());
    }

    /** @param random orders mail exchangers of equal preference; it is shared by all threads */
    MxResolver(MxResolverSettings settings, Random random) {
        List<Resolver> servers = new ArrayList<>();
        for (InetSocketAddress address : settings.servers()) {
            SimpleResolver server = new SimpleResolver(address);
            server.setTimeout(settings.timeout());
            servers.add(server);
        }
        ExtendedResolver resolver = new ExtendedResolver(servers);
        resolver.setRetries(settings.attempts());
        // ExtendedResolver's own timeout bounds a whole question, all servers and attempts included;
        // it is checked between attempts, so each attempt needs its own bound above.
        resolver.setTimeout(settings.timeout().multipliedBy((long) settings.attempts() * servers.size()));
        // No search path, hosts file or cache: names are absolute, and the recursive resolvers cache.
        this.answers = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "dns-answers");
            thread.setDaemon(true);
            return thread;
        });
        answers.allowCoreThreadTimeOut(true);
        this.dns = LookupSession.builder().resolver(resolver).executor(answers).build();
        this.families = settings.families();
        this.random = random;
    }

    /** Blocks until DNS has answered or the configured timeouts and attempts have run out. */
    public MxResolution resolve(MailHost destination) {
        return resolveAsync(destination).toCompletableFuture().join();
    }

    public CompletionStage<MxResolution> resolveAsync(MailHost destination) {
        if (destination instanceof AddressLiteral literal) {
            return CompletableFuture.completedFuture(literal(literal));
        }
        Domain domain = (Domain) destination;
        Name name;
        try {
            name = Name.fromString(domain.ascii() + ".");
        } catch (TextParseException tooLongForDns) {
            return CompletableFuture.completedFuture(new PermanentFailure(NO_SUCH_DOMAIN,
                    domain.ascii() + " cannot exist in DNS: " + tooLongForDns.getMessage()));
        }
        return lookup(name, Type.MX).thenCompose(answer -> {
            if (answer instanceof Answer.Records records) {
                return records.records().isEmpty() ? implicitMx(domain, name) : fromMxRecords(domain, records.records());
            }
            MxResolution failure = answer instanceof Answer.Failed failed
                    ? new TemporaryFailure(DNS_FAILURE, "MX lookup for " + domain.ascii() + " failed: " + failed.why())
                    : new PermanentFailure(NO_SUCH_DOMAIN, domain.ascii() + " does not exist (NXDOMAIN)");
            return CompletableFuture.completedFuture(failure);
        });
    }

    /** The sender named the address itself: it is used as written, whatever the address families setting. */
    private MxResolution literal(AddressLiteral literal) {
        try {
            // A numeric address: no lookup happens.
            InetAddress address = InetAddress.getByName(literal.ip());
            return new Hosts(Route.ADDRESS_LITERAL, List.of(new MxHost(literal.ascii(), 0, List.of(address))));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address literal " + literal + " is not an IP address", e);
        }
    }

    private CompletionStage<MxResolution> fromMxRecords(Domain domain, List<Record> records) {
        List<MXRecord> exchangers = new ArrayList<>();
        records.stream().filter(MXRecord.class::isInstance).map(MXRecord.class::cast)
                // RFC 7505 §3: "." stands for no host at all; a domain with only that takes no mail.
                .filter(mx -> !mx.getTarget().equals(Name.root))
                .forEach(exchangers::add);
        if (exchangers.isEmpty()) {
            return CompletableFuture.completedFuture(new PermanentFailure(NULL_MX,
                    domain.ascii() + " publishes a null MX (RFC 7505): it accepts no mail"));
        }
        // The same host listed twice is tried once, at its best preference.
        Map<Name, MXRecord> byHost = new LinkedHashMap<>();
        MxOrdering.byPreference(exchangers, MXRecord::getPriority, random)
                .forEach(mx -> byHost.putIfAbsent(mx.getTarget(), mx));
        List<CompletableFuture<HostAddresses>> lookups = byHost.values().stream()
                .map(mx -> addresses(mx.getTarget(), mx.getPriority()).toCompletableFuture())
                .toList();
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<HostAddresses> hosts = lookups.stream().map(CompletableFuture::join).toList();
            List<MxHost> reachable = hosts.stream().filter(host -> !host.host().addresses().isEmpty())
                    .map(HostAddresses::host).toList();
            if (!reachable.isEmpty()) {
                return new Hosts(Route.MX, reachable);
            }
            if (hosts.stream().anyMatch(host -> host.failure() != null)) {
                return new TemporaryFailure(DNS_FAILURE, "address lookups for the MX hosts of " + domain.ascii()
                        + " failed: " + hosts.stream().filter(host -> host.failure() != null)
                        .map(host -> host.host().name() + ": " + host.failure()).toList());
            }
            // RFC 5321 §5.1: MX records none of which is usable "MUST be reported as an error", and
            // it leaves open whether that error is permanent. It is taken as temporary: such a state
            // is most often a zone being edited, or an MX host's addresses in a zone not yet
            // published; a wrong bounce loses the mail, a wrong deferral only delays it, and the
            // retry schedule's end bounces it anyway if the state lasts.
            return new TemporaryFailure(NO_ADDRESS, "no MX host of " + domain.ascii() + " has an address: "
                    + hosts.stream().map(host -> host.host().name()).toList());
        });
    }

    /** RFC 5321 §5.1: no MX records, so the domain itself is the one host, at preference 0. */
    private CompletionStage<MxResolution> implicitMx(Domain domain, Name name) {
        return addresses(name, 0).thenApply(host -> {
            if (!host.host().addresses().isEmpty()) {
                return new Hosts(Route.IMPLICIT_MX, List.of(host.host()));
            }
            if (host.noSuchDomain()) {
                return new PermanentFailure(NO_SUCH_DOMAIN, domain.ascii() + " does not exist (NXDOMAIN)");
            }
            if (host.failure() != null) {
                return new TemporaryFailure(DNS_FAILURE, "address lookup for " + domain.ascii() + " failed: "
                        + host.failure());
            }
            // Neither MX nor address: RFC 7505 §1 describes senders queueing and retrying such mail
            // until it times out, which is what its null MX exists to spare them; without one, so do we.
            return new TemporaryFailure(NO_ADDRESS, domain.ascii() + " has neither MX records nor addresses");
        });
    }

    /** A host's addresses, both families asked at once. */
    private CompletionStage<HostAddresses> addresses(Name host, int preference) {
        CompletableFuture<Answer> ipv4 = lookup(host, Type.A).toCompletableFuture();
        CompletableFuture<Answer> ipv6 = families.wantsIpv6()
                ? lookup(host, Type.AAAA).toCompletableFuture()
                : CompletableFuture.completedFuture(new Answer.Records(List.of()));
        return ipv4.thenCombine(ipv6, (a, aaaa) -> {
            List<InetAddress> addresses = families.order(addressesIn(a), addressesIn(aaaa));
            String failure = a instanceof Answer.Failed failed ? failed.why()
                    : aaaa instanceof Answer.Failed failed ? failed.why() : null;
            boolean noSuchDomain = a instanceof Answer.NoSuchDomain && aaaa instanceof Answer.NoSuchDomain
                    || a instanceof Answer.NoSuchDomain && !families.wantsIpv6();
            return new HostAddresses(new MxHost(host.toString(true), preference, addresses), failure, noSuchDomain);
        });
    }

    private static List<InetAddress> addressesIn(Answer answer) {
        if (!(answer instanceof Answer.Records records)) {
            return List.of();
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (Record record : records.records()) {
            if (record instanceof ARecord a) {
                addresses.add(a.getAddress());
            } else if (record instanceof AAAARecord aaaa) {
                addresses.add(aaaa.getAddress());
            }
        }
        return addresses;
    }

    private CompletionStage<Answer> lookup(Name name, int type) {
        return dns.lookupAsync(name, type).handle((result, error) -> {
            if (error == null) {
                return new Answer.Records(result.getRecords());
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof NoSuchDomainException) {
                return new Answer.NoSuchDomain();
            }
            if (cause instanceof NoSuchRRSetException) {
                return new Answer.Records(List.of());
            }
            return new Answer.Failed(describe(cause));
        });
    }

    private static String describe(Throwable cause) {
        if (cause instanceof ServerFailedException) {
            return "SERVFAIL";
        }
        if (cause instanceof TimeoutException) {
            return "no answer in time";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /** What one question got: records (none for NODATA), NXDOMAIN, or no usable answer. */
    private sealed interface Answer {

        record Records(List<Record> records) implements Answer {
        }

        record NoSuchDomain() implements Answer {
        }

        record Failed(String why) implements Answer {
        }
    }

    /**
     * @param failure      why an address lookup got no usable answer, or null
     * @param noSuchDomain true when the host's name does not exist
     */
    private record HostAddresses(MxHost host, String failure, boolean noSuchDomain) {
    }
}
