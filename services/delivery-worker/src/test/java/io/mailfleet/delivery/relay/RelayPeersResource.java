package io.mailfleet.delivery.relay;

import io.mailfleet.testing.peers.DnsRecord;
import io.mailfleet.testing.peers.DnsServer;
import io.mailfleet.testing.peers.PostfixPeer;
import io.mailfleet.testing.peers.SmtpSink;
import io.mailfleet.testing.process.ConfigFiles;
import io.mailfleet.testing.process.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The remote world of the relay tests, all on loopback: a DNS server (Unbound) holding the test
 * domains' MX records, and their mail exchangers on one port at different 127.0.0.X addresses:
 * smtp-sink peers that accept, answer 451, or answer 550, and a real Postfix offering STARTTLS.
 */
public final class RelayPeersResource implements QuarkusTestResourceLifecycleManager {

    static final String OK = "ok.test";
    static final String FLAKY = "flaky.test";
    static final String REFUSING = "refusing.test";
    static final String NULL_MX = "nullmx.test";
    static final String TLS = "tls.test";
    static final String BROKEN_DNS = "servfail.test";

    static SmtpSink accepting;
    static SmtpSink flaky;
    static SmtpSink refusing;
    static PostfixPeer postfix;
    private static DnsServer dns;
    /** The peers' folders, removed once they stop: nothing of a test run is left in the temporary folder. */
    private static final List<Path> FOLDERS = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        int port = Ports.free();
        accepting = SmtpSink.start(temp("sink-ok"), "127.0.0.2", port, SmtpSink.Behaviour.accepting());
        flaky = SmtpSink.start(temp("sink-flaky"), "127.0.0.3", port,
                SmtpSink.Behaviour.accepting().softRejecting("rcpt", "451 4.3.0 Try again later"));
        refusing = SmtpSink.start(temp("sink-refusing"), "127.0.0.4", port,
                SmtpSink.Behaviour.accepting().hardRejecting("rcpt", "550 5.1.1 No such user here"));
        postfix = PostfixPeer.start(temp("postfix"), "127.0.0.5", port, "mx." + TLS, TLS, Set.of("bob"));
        dns = DnsServer.start(temp("dns"), List.of(
                DnsRecord.mx(OK, 10, "mx." + OK), DnsRecord.a("mx." + OK, "127.0.0.2"),
                DnsRecord.mx(FLAKY, 10, "mx." + FLAKY), DnsRecord.a("mx." + FLAKY, "127.0.0.3"),
                DnsRecord.mx(REFUSING, 10, "mx." + REFUSING), DnsRecord.a("mx." + REFUSING, "127.0.0.4"),
                DnsRecord.nullMx(NULL_MX),
                DnsRecord.mx(TLS, 10, "mx." + TLS), DnsRecord.a("mx." + TLS, "127.0.0.5")),
                Set.of(BROKEN_DNS));
        return Map.of(
                "mailfleet.relay.dns-servers", "127.0.0.1:" + dns.port(),
                "mailfleet.relay.port", Integer.toString(port),
                "mailfleet.relay.ipv6", "false",
                "mailfleet.relay.connect-timeout", "5s");
    }

    @Override
    public void stop() {
        for (AutoCloseable peer : new AutoCloseable[] {dns, postfix, refusing, flaky, accepting}) {
            try {
                if (peer != null) {
                    peer.close();
                }
            } catch (Exception e) {
                System.err.println("stopping a relay test peer failed: " + e);
            }
        }
        FOLDERS.forEach(ConfigFiles::deleteRecursively);
        FOLDERS.clear();
    }

    private static Path temp(String name) {
        try {
            Path folder = Files.createTempDirectory("mailfleet-relay-" + name);
            FOLDERS.add(folder);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
