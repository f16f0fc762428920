package io.mailfleet.testing.peers;

import io.mailfleet.testing.process.ConfigFiles;
import io.mailfleet.testing.process.Ports;
import io.mailfleet.testing.process.ServerProcess;
import io.mailfleet.testing.process.ServerStartException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Unbound serving test zones on 127.0.0.1, over UDP and TCP, to the resolvers under test.
 *
 * <p>It is authoritative for the whole name space: a name among the records answers them, a name
 * that is not answers NXDOMAIN, and nothing is ever asked of another server. A failing name, and
 * every name below it, answers SERVFAIL the way real resolvers do for a zone whose DNSSEC is broken:
 * it is served from a zone of its own under a trust anchor that none of its keys matches, so the
 * validator finds it bogus. dnsmasq can serve the records but not that: it answers REFUSED or
 * nothing at all where Unbound answers SERVFAIL.
 */
public final class DnsServer implements AutoCloseable {

    public static final String ADDRESS = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
    /** Key tag 1, ECDSA P-256, SHA-256 of nothing: a DS that no key can match. */
    private static final String UNMATCHED_DS = "DS 1 13 2 " + "0".repeat(64);

    private final ServerProcess process;
    private final int port;

    private DnsServer(ServerProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts Unbound on a free port with its configuration and log under {@code dir}.
     *
     * @param records        what the server answers
     * @param failingDomains names that answer SERVFAIL, for themselves and every name below them
     */
    public static DnsServer start(Path dir, List<DnsRecord> records, Set<String> failingDomains) {
        Set<String> failing = new TreeSet<>();
        failingDomains.forEach(domain -> failing.add(DnsRecord.absolute(domain)));
        for (DnsRecord record : records) {
            failing.stream().filter(domain -> isAtOrBelow(record.name(), domain)).findAny().ifPresent(domain -> {
                throw new IllegalArgumentException(record.name() + " is in the failing domain " + domain
                        + ", where nothing is answered");
            });
        }
        Path unbound = SystemCommands.find("unbound", "unbound");
        for (int attempt = 1; ; attempt++) {
            int port = Ports.free();
            Path config = ConfigFiles.write(dir.resolve("unbound.conf"), config(dir, port, records, failing));
            ServerProcess process = ServerProcess.start("unbound", List.of(),
                    List.of(unbound.toString(), "-d", "-c", config.toString()),
                    dir, dir.resolve("unbound.log"), Duration.ofSeconds(5));
            try {
                process.awaitReady(START_TIMEOUT, () -> answers(port));
                return new DnsServer(process, port);
            } catch (ServerStartException e) {
                process.close();
                // The port was free when picked, for TCP; another process may hold it, or its UDP twin.
                if (attempt == 3 || !String.valueOf(e.getMessage()).contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    private static String config(Path dir, int port, List<DnsRecord> records, Set<String> failing) {
        List<String> lines = new ArrayList<>(List.of(
                "server:",
                "  interface: " + ADDRESS,
                "  port: " + port,
                "  do-ip6: no",
                "  do-daemonize: no",
                // Stay the user that started it, in place: as root Unbound would switch to its own user and chroot.
                "  username: \"\"",
                "  chroot: \"\"",
                "  directory: \"" + dir + "\"",
                "  pidfile: \"\"",
                "  use-syslog: no",
                "  logfile: \"\"",
                "  verbosity: 1",
                "  log-servfail: yes",
                "  num-threads: 1",
                "  module-config: \"validator iterator\"",
                // Belt and braces on top of the static root zone: no query may leave the machine.
                "  do-not-query-address: 0.0.0.0/0",
                "  do-not-query-address: ::/0",
                "  local-zone: \".\" static"));
        for (DnsRecord record : records) {
            lines.add("  local-data: \"" + record.zoneLine() + "\"");
        }
        for (String domain : failing) {
            lines.add("  local-zone: \"" + domain + "\" transparent");
            lines.add("  trust-anchor: \"" + domain + " " + UNMATCHED_DS + "\"");
        }
        for (String domain : failing) {
            Path zone = ConfigFiles.write(dir.resolve("failing-" + domain + "zone"),
                    domain + " 0 IN SOA ns." + domain + " hostmaster." + domain + " 1 3600 600 86400 0\n");
            lines.addAll(List.of(
                    "auth-zone:",
                    "  name: \"" + domain + "\"",
                    "  zonefile: \"" + zone + "\"",
                    "  for-downstream: no",
                    "  for-upstream: yes",
                    "  fallback-enabled: no"));
        }
        lines.add("");
        return String.join("\n", lines);
    }

    private static boolean isAtOrBelow(String name, String domain) {
        return name.equals(domain) || name.endsWith("." + domain);
    }

    /** Any answer, NXDOMAIN included, means the server is up. */
    private static boolean answers(int port) {
        try {
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(ADDRESS, port));
            resolver.setTimeout(PROBE_TIMEOUT);
            Record question = Record.newRecord(Name.fromString("readiness.invalid."), Type.A, DClass.IN);
            return resolver.send(Message.newQuery(question)) != null;
        } catch (IOException notYet) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(ADDRESS, port);
    }

    public ServerProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
