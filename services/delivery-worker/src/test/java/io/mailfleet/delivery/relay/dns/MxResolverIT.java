package io.mailfleet.delivery.relay.dns;

import io.mailfleet.delivery.relay.dns.MxResolution.Hosts;
import io.mailfleet.delivery.relay.dns.MxResolution.PermanentFailure;
import io.mailfleet.delivery.relay.dns.MxResolution.Route;
import io.mailfleet.delivery.relay.dns.MxResolution.TemporaryFailure;
import io.mailfleet.model.address.Domain;
import io.mailfleet.testing.peers.DnsRecord;
import io.mailfleet.testing.peers.DnsServer;
import io.mailfleet.testing.process.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The resolver against a real DNS server serving the cases RFC 5321 §5.1 and RFC 7505 name. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MxResolverIT {

    /** More A records than fit a 1232-byte UDP answer: it comes back truncated, and again over TCP. */
    private static final int MANY = 100;

    @TempDir
    static Path dir;
    private static DnsServer dns;

    @BeforeAll
    static void start() {
        List<DnsRecord> records = new ArrayList<>(List.of(
                DnsRecord.mx("two.test", 20, "mx2.two.test"),
                DnsRecord.mx("two.test", 10, "mx1.two.test"),
                DnsRecord.a("mx1.two.test", "127.0.0.11"),
                DnsRecord.a("mx2.two.test", "127.0.0.12"),

                DnsRecord.mx("equal.test", 10, "a.equal.test"),
                DnsRecord.mx("equal.test", 10, "b.equal.test"),
                DnsRecord.mx("equal.test", 10, "c.equal.test"),
                DnsRecord.mx("equal.test", 20, "backup.equal.test"),
                DnsRecord.a("a.equal.test", "127.0.0.21"),
                DnsRecord.a("b.equal.test", "127.0.0.22"),
                DnsRecord.a("c.equal.test", "127.0.0.23"),
                DnsRecord.a("backup.equal.test", "127.0.0.24"),

                DnsRecord.mx("dual.test", 10, "mx.dual.test"),
                DnsRecord.a("mx.dual.test", "127.0.0.31"),
                DnsRecord.aaaa("mx.dual.test", "2001:db8::31"),
                DnsRecord.aaaa("v6only.dual.test", "2001:db8::32"),
                DnsRecord.mx("v6only.test", 10, "v6only.dual.test"),

                DnsRecord.a("implicit.test", "127.0.0.41"),
                DnsRecord.cname("alias.test", "two.test"),
                DnsRecord.cname("implicit-alias.test", "implicit.test"),
                DnsRecord.a("xn--bcher-kva.test", "127.0.0.42"),

                DnsRecord.nullMx("nomail.test"),

                DnsRecord.mx("dangling.test", 10, "ghost.dangling.test"),
                DnsRecord.mx("dangling.test", 20, "nodata.dangling.test"),
                DnsRecord.mx("nodata.dangling.test", 10, "mx1.two.test"),
                DnsRecord.mx("partial.test", 10, "ghost.partial.test"),
                DnsRecord.mx("partial.test", 20, "mx2.two.test"),
                DnsRecord.mx("lame.test", 10, "mx.broken.test"),
                DnsRecord.mx("half-lame.test", 10, "mx.broken.test"),
                DnsRecord.mx("half-lame.test", 20, "mx1.two.test"),

                DnsRecord.mx("big.test", 10, "many.big.test")));
        IntStream.rangeClosed(1, MANY).forEach(i -> records.add(DnsRecord.a("many.big.test", "127.0.1." + i)));
        dns = DnsServer.start(dir, records, Set.of("broken.test"));
    }

    @AfterAll
    static void stop() {
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void triesTheLowerPreferenceFirst() {
        assertThat(resolve("two.test", AddressFamilies.IPV4_ONLY)).isEqualTo(new Hosts(Route.MX, List.of(
                host("mx1.two.test", 10, "127.0.0.11"), host("mx2.two.test", 20, "127.0.0.12"))));
    }

    /**
     * dnsjava hands each answer on through an executor; its default, the common pool, starts a thread
     * per task on one or two CPUs, and twenty resolutions of an MX and its hosts would start sixty.
     */
    @Test
    void resolutionsStartNoThreadPerAnswer() {
        MxResolver resolver = new MxResolver(settings(AddressFamilies.IPV4_ONLY));
        resolver.resolve(Domain.parse("two.test"));
        long startedBefore = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();

        for (int i = 0; i < 20; i++) {
            assertThat(resolver.resolve(Domain.parse("two.test"))).isInstanceOf(Hosts.class);
        }

        assertThat(ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - startedBefore).isLessThan(10);
    }

    @Test
    void shufflesEqualPreferencesAndKeepsTheBackupLast() {
        MxResolver resolver = new MxResolver(settings(AddressFamilies.IPV4_ONLY), new Random(3));
        Set<List<String>> orders = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            List<String> names = ((Hosts) resolver.resolve(Domain.parse("equal.test"))).hosts().stream()
                    .map(MxHost::name).toList();
            assertThat(names.subList(0, 3)).containsExactlyInAnyOrder("a.equal.test", "b.equal.test", "c.equal.test");
            assertThat(names.get(3)).isEqualTo("backup.equal.test");
            orders.add(names);
        }
        assertThat(orders).hasSizeGreaterThan(1);
    }

    @Test
    void ordersAnMxHostsAddressesByFamily() {
        assertThat(hostsOf("dual.test", AddressFamilies.IPV6_FIRST))
                .containsExactly(host("mx.dual.test", 10, "2001:db8::31", "127.0.0.31"));
        assertThat(hostsOf("dual.test", AddressFamilies.IPV4_FIRST))
                .containsExactly(host("mx.dual.test", 10, "127.0.0.31", "2001:db8::31"));
        assertThat(hostsOf("dual.test", AddressFamilies.IPV4_ONLY))
                .containsExactly(host("mx.dual.test", 10, "127.0.0.31"));
    }

    @Test
    void anMxHostWithOnlyIpv6AddressesHasNoAddressForIpv4Only() {
        assertThat(hostsOf("v6only.test", AddressFamilies.IPV6_FIRST))
                .containsExactly(host("v6only.dual.test", 10, "2001:db8::32"));
        assertThat(resolve("v6only.test", AddressFamilies.IPV4_ONLY))
                .isInstanceOfSatisfying(TemporaryFailure.class, failure -> assertThat(failure.enhancedStatus()).isEqualTo("4.4.4"));
    }

    @Test
    void withoutMxRecordsTheDomainItselfIsTheImplicitMx() {
        assertThat(resolve("implicit.test", AddressFamilies.IPV6_FIRST))
                .isEqualTo(new Hosts(Route.IMPLICIT_MX, List.of(host("implicit.test", 0, "127.0.0.41"))));
    }

    @Test
    void followsACnameAtTheDomain() {
        assertThat(hostsOf("alias.test", AddressFamilies.IPV4_ONLY)).map(MxHost::name)
                .containsExactly("mx1.two.test", "mx2.two.test");
        assertThat(resolve("implicit-alias.test", AddressFamilies.IPV4_ONLY))
                .isEqualTo(new Hosts(Route.IMPLICIT_MX, List.of(host("implicit-alias.test", 0, "127.0.0.41"))));
    }

    @Test
    void looksUpAnInternationalisedDomainByItsALabels() {
        assertThat(new MxResolver(settings(AddressFamilies.IPV4_ONLY)).resolve(Domain.parse("bücher.test", true)))
                .isEqualTo(new Hosts(Route.IMPLICIT_MX, List.of(host("xn--bcher-kva.test", 0, "127.0.0.42"))));
    }

    @Test
    void aNullMxIsPermanent() {
        assertThat(resolve("nomail.test", AddressFamilies.IPV6_FIRST)).isInstanceOfSatisfying(PermanentFailure.class,
                failure -> assertThat(failure.enhancedStatus()).isEqualTo("5.1.10"));
    }

    @Test
    void aDomainThatDoesNotExistIsPermanent() {
        assertThat(resolve("nowhere.test", AddressFamilies.IPV6_FIRST)).isInstanceOfSatisfying(PermanentFailure.class,
                failure -> assertThat(failure.enhancedStatus()).isEqualTo("5.1.2"));
    }

    @Test
    void servfailIsTemporary() {
        assertThat(resolve("broken.test", AddressFamilies.IPV6_FIRST)).isInstanceOfSatisfying(TemporaryFailure.class,
                failure -> assertThat(failure.enhancedStatus()).isEqualTo("4.4.3"));
        assertThat(resolve("lame.test", AddressFamilies.IPV6_FIRST)).isInstanceOfSatisfying(TemporaryFailure.class,
                failure -> assertThat(failure.enhancedStatus()).isEqualTo("4.4.3"));
    }

    @Test
    void mxHostsWithoutAddressesAreSkipped() {
        assertThat(hostsOf("partial.test", AddressFamilies.IPV6_FIRST))
                .containsExactly(host("mx2.two.test", 20, "127.0.0.12"));
        assertThat(hostsOf("half-lame.test", AddressFamilies.IPV6_FIRST))
                .containsExactly(host("mx1.two.test", 20, "127.0.0.11"));
    }

    @Test
    void mxRecordsNoneOfWhoseHostsHasAnAddressAreTemporary() {
        assertThat(resolve("dangling.test", AddressFamilies.IPV6_FIRST)).isInstanceOfSatisfying(TemporaryFailure.class,
                failure -> assertThat(failure.enhancedStatus()).isEqualTo("4.4.4"));
    }

    @Test
    void aTruncatedAnswerIsAskedAgainOverTcp() {
        assertThat(hostsOf("big.test", AddressFamilies.IPV4_ONLY)).singleElement()
                .satisfies(host -> assertThat(host.addresses()).hasSize(MANY));
    }

    @Test
    void aServerThatDoesNotAnswerIsTemporary() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            MxResolver resolver = new MxResolver(new MxResolverSettings(List.of(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort())),
                    Duration.ofMillis(200), 2, AddressFamilies.IPV6_FIRST));
            long start = System.nanoTime();
            assertThat(resolver.resolve(Domain.parse("two.test"))).isInstanceOfSatisfying(TemporaryFailure.class,
                    failure -> assertThat(failure.enhancedStatus()).isEqualTo("4.4.3"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aServerThatIsNotThereIsTemporary() {
        MxResolver resolver = new MxResolver(new MxResolverSettings(List.of(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Ports.free())),
                Duration.ofMillis(200), 2, AddressFamilies.IPV6_FIRST));
        assertThat(resolver.resolve(Domain.parse("two.test"))).isInstanceOfSatisfying(TemporaryFailure.class,
                failure -> assertThat(failure.enhancedStatus()).isEqualTo("4.4.3"));
    }

    @Test
    void oneResolverServesManyThreadsAtOnce() throws Exception {
        MxResolver resolver = new MxResolver(settings(AddressFamilies.IPV4_ONLY));
        List<Thread> threads = new ArrayList<>();
        List<MxResolution> results = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 8; i++) {
            Thread thread = new Thread(() -> {
                for (int j = 0; j < 10; j++) {
                    results.add(resolver.resolve(Domain.parse("two.test")));
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(results).hasSize(80).allSatisfy(result -> assertThat(result).isEqualTo(new Hosts(Route.MX, List.of(
                host("mx1.two.test", 10, "127.0.0.11"), host("mx2.two.test", 20, "127.0.0.12")))));
    }

    private static MxResolution resolve(String domain, AddressFamilies families) {
        return new MxResolver(settings(families)).resolve(Domain.parse(domain));
    }

    private static List<MxHost> hostsOf(String domain, AddressFamilies families) {
        MxResolution resolution = resolve(domain, families);
        assertThat(resolution).isInstanceOf(Hosts.class);
        Hosts hosts = (Hosts) resolution;
        assertThat(hosts.route()).isEqualTo(Route.MX);
        return hosts.hosts();
    }

    private static MxResolverSettings settings(AddressFamilies families) {
        return new MxResolverSettings(List.of(dns.address()), Duration.ofSeconds(2), 2, families);
    }

    private static MxHost host(String name, int preference, String... addresses) {
        List<InetAddress> parsed = new ArrayList<>();
        for (String address : addresses) {
            try {
                parsed.add(InetAddress.getByName(address));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return new MxHost(name, preference, parsed);
    }
}
