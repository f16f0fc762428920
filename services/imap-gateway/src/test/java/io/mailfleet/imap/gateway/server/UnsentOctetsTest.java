package io.mailfleet.imap.gateway.server;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class UnsentOctetsTest {

    @Test
    void consecutiveWritesAreTakenAsOneInTheirOrder() {
        UnsentOctets unsent = new UnsentOctets();
        unsent.add(ascii("* 3 EXISTS\r\n"));
        unsent.add(ascii("* OK [UIDNEXT 4] Predicted next UID\r\n"));
        unsent.add(ascii("a1 OK [READ-WRITE] SELECT completed\r\n"));

        assertThat(new String(unsent.take(), StandardCharsets.US_ASCII))
                .isEqualTo("* 3 EXISTS\r\n* OK [UIDNEXT 4] Predicted next UID\r\na1 OK [READ-WRITE] SELECT completed\r\n");
        assertThat(unsent.isEmpty()).isTrue();
    }

    @Test
    void aSingleWriteIsTakenWithoutACopy() {
        UnsentOctets unsent = new UnsentOctets();
        byte[] tagged = ascii("a2 OK NOOP completed\r\n");
        unsent.add(tagged);

        assertThat(unsent.take()).isSameAs(tagged);
    }

    @Test
    void aRunIsFullAtTheLimitAndStartsEmptyAfterATake() {
        UnsentOctets unsent = new UnsentOctets();
        unsent.add(new byte[UnsentOctets.LIMIT - 1]);
        assertThat(unsent.full()).isFalse();
        unsent.add(new byte[1]);
        assertThat(unsent.full()).isTrue();

        assertThat(unsent.take()).hasSize(UnsentOctets.LIMIT);
        assertThat(unsent.full()).isFalse();
        assertThat(unsent.isEmpty()).isTrue();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
