package io.mailfleet.delivery.relay;

import io.mailfleet.delivery.TestMail;
import io.mailfleet.delivery.server.Backends;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.testing.peers.SmtpSink;
import io.mailfleet.testing.process.ConfigFiles;
import io.mailfleet.testing.process.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static io.mailfleet.delivery.TestMail.await;
import static io.mailfleet.delivery.TestMail.message;
import static org.assertj.core.api.Assertions.assertThat;

/** With a smart host set, mail for any domain goes there, even one DNS knows nothing of. */
@QuarkusTest
@TestProfile(SmartHostIT.Profile.class)
class SmartHostIT {

    @Inject
    Backends backends;

    @Test
    void everyDestinationGoesThroughTheSmartHost() throws Exception {
        TestMail mail = new TestMail(backends);
        MailAddress sender = mail.account(mail.domain(), "sender", OptionalLong.empty());
        MailAddress to = MailAddress.parse("someone@unknown-to-dns.example");

        mail.send(Optional.of(sender), List.of(to), message(sender.toString(), to.toString(), "Via the smart host"));

        assertThat(await(() -> SmartHostSink.sink.received().stream()
                .anyMatch(m -> m.contentAsString().contains("Subject: Via the smart host")))).isTrue();
        assertThat(mail.inbox(sender)).as("no bounce").isEmpty();
    }

    public static final class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SmartHostSink.class));
        }
    }

    /** An accepting smtp-sink as the smart host, without TLS: the setting that requires it is turned off. */
    public static final class SmartHostSink implements QuarkusTestResourceLifecycleManager {
        static SmtpSink sink;
        private static Path folder;

        @Override
        public Map<String, String> start() {
            try {
                folder = Files.createTempDirectory("mailfleet-smart-host");
                sink = SmtpSink.start(folder, "127.0.0.6", Ports.free(),
                        SmtpSink.Behaviour.accepting());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("mailfleet.relay.smart-host.address", sink.address() + ":" + sink.port(),
                    "mailfleet.relay.smart-host.require-tls", "false");
        }

        @Override
        public void stop() {
            if (sink != null) {
                sink.close();
            }
            if (folder != null) {
                ConfigFiles.deleteRecursively(folder);
            }
        }
    }
}
