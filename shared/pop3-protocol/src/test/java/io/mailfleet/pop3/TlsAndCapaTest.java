package io.mailfleet.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CAPA (RFC 2449), STLS (RFC 2595) and the refusal of cleartext passwords without TLS. */
class TlsAndCapaTest {

    private static final String COMMON = "RESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nEXPIRE NEVER\r\n"
            + "IMPLEMENTATION mailfleet\r\n.\r\n";
    private static final String HEAD = "+OK Capability list follows\r\nTOP\r\nUIDL\r\n";
    private static final String AUTH = "USER\r\nSASL PLAIN LOGIN\r\n";

    private static Harness beforeTls() {
        return new Harness(Pop3Settings.defaults(Harness.HOST), Harness.twoMessages());
    }

    private static Harness plaintextBeforeTls() {
        return new Harness(Pop3Settings.defaults(Harness.HOST).withPlaintextAuth(true), Harness.twoMessages());
    }

    @ParameterizedTest(name = "tlsActive={0} tlsAvailable={1} plaintext={2}")
    @CsvSource({
        // Implicit TLS: login offered, nothing to upgrade.
        "true, false, false, true, false",
        "true, true, true, true, false",
        // Before TLS: STLS, and login only if cleartext passwords are allowed (RFC 2595 §2.1).
        "false, true, false, false, true",
        "false, true, true, true, true",
        // No TLS at all.
        "false, false, true, true, false",
    })
    void capabilitiesDependOnTls(boolean active, boolean available, boolean plaintext, boolean login, boolean stls) {
        Harness h = new Harness(Pop3Settings.defaults(Harness.HOST).withPlaintextAuth(plaintext)
                .withTls(active, available), Harness.twoMessages());
        assertThat(h.send("CAPA\r\n")).isEqualTo(HEAD + (login ? AUTH : "") + (stls ? "STLS\r\n" : "") + COMMON);
    }

    @Test
    void capabilitiesAreTheSameInBothStates() {
        // RFC 2449 §5: what AUTHORIZATION offers is announced in TRANSACTION too.
        Harness h = new Harness(Pop3Settings.defaults(Harness.HOST).withPlaintextAuth(true), Harness.twoMessages());
        String before = h.send("CAPA\r\n");
        h.send("USER alice\r\nPASS secret\r\n");
        assertThat(h.send("CAPA\r\n")).isEqualTo(before);
    }

    @Test
    void stlsThenLoginOverTls() {
        Harness h = beforeTls();
        assertThat(h.send("CAPA\r\n")).isEqualTo(HEAD + "STLS\r\n" + COMMON);
        assertThat(h.send("STLS\r\n")).isEqualTo("+OK Begin TLS negotiation\r\n");
        assertThat(h.tlsRequested).isTrue();
        assertThat(h.session.idleTimeout()).contains(Duration.ofMinutes(10));
        assertThat(h.session.tlsStarted()).isEmpty();
        assertThat(h.send("CAPA\r\n")).isEqualTo(HEAD + AUTH + COMMON);
        assertThat(h.send("USER alice\r\nPASS secret\r\n")).endsWith("+OK alice's maildrop has 2 messages (82 octets)\r\n");
    }

    @Test
    void commandsPipelinedAfterStlsAreDiscarded() {
        // RFC 2595 §4 forbids commands after STLS before the handshake; plaintext injected there by a
        // man in the middle must not run inside the TLS session.
        Harness h = plaintextBeforeTls();
        String written = h.send("STLS\r\nUSER mallory\r\nPASS secret\r\n");
        assertThat(written).isEqualTo("+OK Begin TLS negotiation\r\n");
        assertThat(h.session.receive("USER mallory\r\n".getBytes())).isEmpty();
        h.session.tlsStarted();
        assertThat(h.send("PASS secret\r\n")).isEqualTo("-ERR Send USER first\r\n");
        assertThat(h.asked).isEmpty();
    }

    @Test
    void userGivenBeforeStlsIsForgotten() {
        Harness h = plaintextBeforeTls();
        h.send("USER alice\r\nSTLS\r\n");
        h.session.tlsStarted();
        assertThat(h.send("PASS secret\r\n")).isEqualTo("-ERR Send USER first\r\n");
    }

    @Test
    void stlsWhereItIsNotOffered() {
        Harness active = Harness.tls();
        assertThat(active.send("STLS\r\n")).isEqualTo("-ERR Command not permitted when TLS active\r\n");
        Harness none = new Harness(Pop3Settings.defaults(Harness.HOST).withPlaintextAuth(true).withTls(false, false),
                Harness.twoMessages());
        assertThat(none.send("STLS\r\n")).isEqualTo("-ERR TLS not available\r\n");
        Harness upgraded = beforeTls();
        upgraded.send("STLS\r\n");
        upgraded.session.tlsStarted();
        assertThat(upgraded.send("STLS\r\n")).isEqualTo("-ERR Command not permitted when TLS active\r\n");
        assertThat(beforeTls().send("STLS now\r\n")).isEqualTo("-ERR Syntax: STLS\r\n");
        assertThat(beforeTls().tlsRequested).isFalse();
    }

    @Test
    void tlsStartedWithoutStlsIsAWiringError() {
        assertThatThrownBy(() -> beforeTls().session.tlsStarted()).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "USER alice",
        "PASS secret",
        "AUTH PLAIN",
        "AUTH PLAIN AGFsaWNlAHNlY3JldA==",
        "AUTH LOGIN",
    })
    void cleartextPasswordsAreRefusedBeforeTls(String command) {
        Harness h = beforeTls();
        assertThat(h.send(command + "\r\n"))
                .isEqualTo("-ERR [AUTH] Plaintext authentication disallowed, TLS required\r\n");
        assertThat(h.asked).isEmpty();
    }

    @Test
    void cleartextPasswordsWhenTheSettingsAllowThem() {
        Harness h = plaintextBeforeTls();
        assertThat(h.send("USER alice\r\nPASS secret\r\n")).endsWith("+OK alice's maildrop has 2 messages (82 octets)\r\n");
        assertThat(h.session.idleTimeout()).isEqualTo(Optional.of(Duration.ofMinutes(10)));
    }
}
