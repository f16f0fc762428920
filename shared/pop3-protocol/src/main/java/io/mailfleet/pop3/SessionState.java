package io.mailfleet.pop3;

import io.mailfleet.protocol.InputBuffer;
import io.mailfleet.protocol.LineFramer;
import java.util.List;

/**
 * Where one conversation stands, shared by the parts of {@link Pop3Session}, with the effects that change
 * it for every part alike: responses, counted errors, decisions, delays and closing.
 */
final class SessionState {

    final Pop3Settings settings;
    final InputBuffer in = new InputBuffer(1024);
    final LineFramer lines = new LineFramer(in);

    Phase phase = Phase.AUTHORIZATION;
    boolean tlsActive;
    Question pending;
    /** The response a {@link Effect.Delay} holds back until it elapses. */
    Pop3Reply delayed;
    boolean closeAfterDelay;
    /** The name of a USER command, waiting for PASS. */
    String username;
    /** The identity the wiring authenticated. */
    String user;
    Maildrop maildrop;
    private int badCommands;
    private int failedLogins;

    SessionState(Pop3Settings settings) {
        this.settings = settings;
        this.tlsActive = settings.tlsActive();
    }

    static void reply(List<Effect> out, Pop3Reply reply) {
        out.add(new Effect.Reply(reply));
    }

    /** True when the next command may be read: nothing is asked of the wiring, nothing is held back. */
    boolean readingCommands() {
        return (phase == Phase.AUTHORIZATION || phase == Phase.TRANSACTION) && !waitingForWiring();
    }

    boolean waitingForWiring() {
        return pending != null || delayed != null;
    }

    /** A client error: answered, counted, and past the limit the session ends. */
    void badCommand(List<Effect> out, Pop3Reply reply) {
        reply(out, reply);
        badCommands++;
        if (badCommands >= settings.maxBadCommands()) {
            reply(out, Replies.TOO_MANY_BAD_COMMANDS);
            close(out);
        }
    }

    /**
     * Credentials were refused. The response waits for a delay that grows with each failure, so that a
     * connection is a slow way to guess passwords; after the last allowed failure the session ends.
     */
    void loginFailed(List<Effect> out, Pop3Reply reply) {
        failedLogins++;
        closeAfterDelay = failedLogins >= settings.maxFailedLogins();
        delayed = closeAfterDelay ? Replies.TOO_MANY_FAILED_LOGINS : reply;
        out.add(new Effect.Delay(settings.failedLoginDelay().multipliedBy(failedLogins)));
    }

    void decide(List<Effect> out, Question question) {
        pending = question;
        out.add(new Effect.Decide(question));
    }

    /** RFC 2595 §4: nothing the client sent in the clear may count once TLS is up. */
    void startTls() {
        lines.clear();
        username = null;
        phase = Phase.TLS_HANDSHAKE;
    }

    void close(List<Effect> out) {
        out.add(new Effect.Close());
        closed();
    }

    /** Ends the session without a word, as on a lost connection. */
    void closed() {
        phase = Phase.CLOSED;
        pending = null;
        delayed = null;
        in.clear();
    }
}
