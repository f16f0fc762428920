package io.mailfleet.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapabilitiesTest {

    private static Capabilities ehlo(String... extensions) {
        List<String> lines = new ArrayList<>(List.of("mx.example.net greets client.example"));
        lines.addAll(List.of(extensions));
        return Capabilities.fromEhlo(new Reply(250, Optional.empty(), lines));
    }

    @Test
    void readsEveryExtensionTheClientUses() {
        Capabilities all = ehlo("PIPELINING", "SIZE 52428800", "8BITMIME", "SMTPUTF8", "STARTTLS", "AUTH PLAIN LOGIN",
                "DSN", "ENHANCEDSTATUSCODES", "CHUNKING", "BINARYMIME", "XCLIENT NAME", "");
        assertThat(all).isEqualTo(new Capabilities(true, true, 52428800, true, true, true, Set.of("PLAIN", "LOGIN"),
                true, true, true, true));
    }

    @Test
    void theFirstLineIsTheGreetingNotAnExtension() {
        assertThat(Capabilities.fromEhlo(new Reply(250, Optional.empty(), List.of("PIPELINING"))).pipelining()).isFalse();
    }

    @Test
    void keywordsAreCaseInsensitive() {
        Capabilities caps = ehlo("pipelining", "Auth login cram-md5", "starttls");
        assertThat(caps.pipelining()).isTrue();
        assertThat(caps.startTls()).isTrue();
        assertThat(caps.authMechanisms()).containsExactlyInAnyOrder("LOGIN", "CRAM-MD5");
    }

    @Test
    void oldStyleAuthEqualsIsRead() {
        assertThat(ehlo("AUTH=LOGIN PLAIN").authMechanisms()).containsExactlyInAnyOrder("LOGIN", "PLAIN");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "SIZE | 0",
        "SIZE 0 | 0",
        "SIZE 1000 | 1000",
        "SIZE lots | 0",
        "SIZE -5 | 0",
        "SIZE 99999999999999999999 | 0",
    })
    void sizeWithoutAReadableLimitDeclaresNone(String line, long limit) {
        Capabilities caps = ehlo(line);
        assertThat(caps.size()).isTrue();
        assertThat(caps.maxSize()).isEqualTo(limit);
    }

    @Test
    void heloGivesNothing() {
        assertThat(Capabilities.NONE.pipelining()).isFalse();
        assertThat(Capabilities.NONE.authMechanisms()).isEmpty();
    }
}
