package io.mailfleet.imap.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The lines a client sends inside a command: IDLE's DONE (RFC 2177 §3) and AUTHENTICATE's cancel (RFC 9051 §6.2.2). */
class ContinuationLineTest {

    @Test
    void doneEndsIdleInAnyCase() {
        assertThat(NoArgumentsCommand.isIdleDone("DONE")).isTrue();
        assertThat(NoArgumentsCommand.isIdleDone("done")).isTrue();
        assertThat(NoArgumentsCommand.isIdleDone("DONE ")).isFalse();
        assertThat(NoArgumentsCommand.isIdleDone("a1 NOOP")).isFalse();
    }

    @Test
    void aStarCancelsAuthentication() {
        assertThat(AuthenticateCommand.isCancellation("*")).isTrue();
        assertThat(AuthenticateCommand.isCancellation("dGVzdA==")).isFalse();
    }

    @Test
    void credentialsStayOutOfTheRecordsText() {
        assertThat(Parse.command("a LOGIN fred secret\r\n").toString()).doesNotContain("secret");
        assertThat(Parse.command("a AUTHENTICATE PLAIN AGZyZWQAc2VjcmV0\r\n").toString()).doesNotContain("AGZyZWQAc2VjcmV0");
    }
}
