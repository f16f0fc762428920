package io.mailfleet.smtp.ingress.runtime;

import io.mailfleet.auth.Argon2Parameters;
import io.mailfleet.auth.Argon2idPasswordHasher;
import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.Listener;
import io.mailfleet.smtp.ingress.server.Backends;
import io.mailfleet.smtp.ingress.server.SmtpListeners;
import io.mailfleet.store.account.Account;
import io.mailfleet.store.cassandra.CassandraAccountRepository;
import io.mailfleet.store.cassandra.CassandraDomainRepository;
import io.mailfleet.testing.quarkus.RealInfrastructureResource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SMTP AUTH runs no more password checks at once than {@code max-concurrent-logins}, however many
 * clients log in together: each Argon2id check holds 19 MiB, so the limit bounds the memory a burst
 * of logins can take.
 */
@QuarkusTest
@TestProfile(LoginLimitIT.TwoChecksAtOnce.class)
@QuarkusTestResource(RealInfrastructureResource.class)
class LoginLimitIT {

    private static final int CLIENTS = 12;
    private static final String PASSWORD = "a long secret";

    /** Two checks at once, no cache (every login pays the hash), AUTH without TLS on loopback. */
    public static final class TwoChecksAtOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mailfleet.smtp.max-concurrent-logins", "2", "mailfleet.smtp.credential-cache", "false",
                    "mailfleet.smtp.allow-plaintext-auth", "true");
        }
    }

    @Inject
    Backends backends;
    @Inject
    SmtpListeners listeners;
    @Inject
    MeterRegistry registry;

    @Test
    void concurrentAuthRunsAtMostTheLimitOfPasswordChecksAtOnce() throws Exception {
        Domain domain = Domain.parse("l" + UUID.randomUUID().toString().substring(0, 8) + ".test");
        var session = backends.accounts().session();
        new CassandraDomainRepository(session, Clock.systemUTC()).create(domain);
        String hash = new Argon2idPasswordHasher(Argon2Parameters.DEFAULT).hash(PASSWORD);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            MailAddress user = MailAddress.parse("user" + i + "@" + domain.ascii());
            new CassandraAccountRepository(session).create(new Account(user, hash, OptionalLong.empty(), Instant.now()));
            users.add(user.toString());
        }

        AtomicBoolean logging = new AtomicBoolean(true);
        AtomicInteger mostAtOnce = new AtomicInteger();
        Thread sampler = new Thread(() -> {
            while (logging.get()) {
                Gauge checks = registry.find("mailfleet.server.password.checks").tag("protocol", "smtp").gauge();
                if (checks != null) {
                    mostAtOnce.accumulateAndGet((int) checks.value(), Math::max);
                }
                Thread.onSpinWait();
            }
        });
        sampler.start();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<String>> replies = new ArrayList<>();
            for (String user : users) {
                replies.add(clients.submit(() -> authenticate(user)));
            }
            for (Future<String> reply : replies) {
                assertThat(reply.get()).startsWith("235");
            }
        } finally {
            logging.set(false);
            sampler.join();
            clients.shutdownNow();
        }

        // The limit was reached (the logins did overlap) and never passed.
        assertThat(mostAtOnce.get()).isEqualTo(2);
    }

    private String authenticate(String user) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", listeners.port(Listener.SUBMISSION))) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            in.readLine();
            out.write("EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
            String line;
            do {
                line = in.readLine();
            } while (line.startsWith("250-"));
            String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            out.write(("AUTH PLAIN " + plain + "\r\n").getBytes(StandardCharsets.US_ASCII));
            return in.readLine();
        }
    }
}
