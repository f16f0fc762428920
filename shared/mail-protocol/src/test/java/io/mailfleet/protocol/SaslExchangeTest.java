package io.mailfleet.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailfleet.protocol.SaslExchange.Challenge;
import io.mailfleet.protocol.SaslExchange.Credentials;
import io.mailfleet.protocol.SaslExchange.Failed;
import io.mailfleet.protocol.SaslExchange.Failure;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SaslExchangeTest {

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(UTF_8));
    }

    @Test
    void plainWithoutAnInitialResponseSendsAnEmptyChallenge() {
        SaslExchange plain = new SaslExchange(SaslExchange.PLAIN);
        assertThat(plain.start(Optional.empty())).isEqualTo(new Challenge(""));
        assertThat(plain.respond(base64("\0alice\0s3cret")))
                .isEqualTo(new Credentials("alice", "s3cret"));
    }

    @Test
    void plainAcceptsTheUsersOwnAuthorizationIdentityAndRefusesAnother() {
        assertThat(new SaslExchange(SaslExchange.PLAIN).start(Optional.of(base64("alice\0alice\0pw"))))
                .isEqualTo(new Credentials("alice", "pw"));
        assertThat(new SaslExchange(SaslExchange.PLAIN).start(Optional.of(base64("bob\0alice\0pw"))))
                .isEqualTo(new Failed(Failure.FOREIGN_AUTHORIZATION_IDENTITY));
    }

    @Test
    void plainNeedsTwoSeparatorsAndAUserName() {
        for (String message : new String[] {"no separators", "\0\0pw", "a\0b\0c\0d", ""}) {
            assertThat(new SaslExchange(SaslExchange.PLAIN).start(Optional.of(base64(message))))
                    .as(message)
                    .isEqualTo(new Failed(Failure.MALFORMED_PLAIN));
        }
    }

    @Test
    void responsesMustBeBase64OfUtf8() {
        SaslExchange plain = new SaslExchange(SaslExchange.PLAIN);
        assertThat(plain.respond("not base64!")).isEqualTo(new Failed(Failure.UNDECODABLE_RESPONSE));
        String invalidUtf8 = Base64.getEncoder().encodeToString(new byte[] {0, 'a', 0, (byte) 0xC3});
        assertThat(plain.respond(invalidUtf8)).isEqualTo(new Failed(Failure.UNDECODABLE_RESPONSE));
    }

    @Test
    void loginAsksForTheNameThenThePassword() {
        SaslExchange login = new SaslExchange(SaslExchange.LOGIN);
        assertThat(login.start(Optional.empty())).isEqualTo(new Challenge(base64("Username:")));
        assertThat(login.respond(base64("alice"))).isEqualTo(new Challenge(base64("Password:")));
        assertThat(login.respond(base64("s3cret"))).isEqualTo(new Credentials("alice", "s3cret"));
        assertThat(login.mechanism()).isEqualTo(SaslExchange.LOGIN);
    }

    @Test
    void loginTakesTheNameAsAnInitialResponse() {
        SaslExchange login = new SaslExchange(SaslExchange.LOGIN);
        assertThat(login.start(Optional.of(base64("alice")))).isEqualTo(new Challenge(base64("Password:")));
        assertThat(login.respond(base64("s3cret"))).isEqualTo(new Credentials("alice", "s3cret"));
    }

    @Test
    void offersOnlyPlainAndLogin() {
        assertThat(SaslExchange.offers("PLAIN")).isTrue();
        assertThat(SaslExchange.offers("LOGIN")).isTrue();
        assertThat(SaslExchange.offers("CRAM-MD5")).isFalse();
        assertThatThrownBy(() -> new SaslExchange("CRAM-MD5")).isInstanceOf(IllegalArgumentException.class);
    }
}
