package io.mailfleet.pop3;

import static io.mailfleet.pop3.SessionState.reply;

import java.util.List;

/** The commands of the AUTHORIZATION state but AUTH: USER, PASS (RFC 1939 §7), STLS (RFC 2595 §4) and QUIT. */
final class AuthorizationCommands {

    /** The mechanism {@link Question.Authenticate} names for USER and PASS. */
    static final String USER_PASS = "USER";

    private final SessionState state;

    AuthorizationCommands(SessionState state) {
        this.state = state;
    }

    /** Any name is accepted: whether it exists shows only with the password, so names cannot be probed. */
    void user(String argument, List<Effect> out) throws ReplyException {
        Capabilities.requireAuthOffered(state);
        if (argument.isBlank()) {
            throw Replies.syntax("USER name");
        }
        state.username = argument;
        reply(out, Replies.USER_ACCEPTED);
    }

    /** RFC 1939 §7: the whole rest of the line is the password, spaces included. */
    void pass(String argument, List<Effect> out) throws ReplyException {
        Capabilities.requireAuthOffered(state);
        if (state.username == null) {
            throw new ReplyException(Replies.USER_FIRST);
        }
        if (argument.isEmpty()) {
            throw Replies.syntax("PASS string");
        }
        String username = state.username;
        state.username = null;
        state.decide(out, new Question.Authenticate(USER_PASS, username, argument));
    }

    /** RFC 2595 §4: {@code +OK}, then the handshake; whatever the client sent after STLS is dropped. */
    void stls(String argument, List<Effect> out) throws ReplyException {
        Arguments.requireNone(argument, "STLS");
        if (!Capabilities.stlsOffered(state)) {
            throw new ReplyException(state.tlsActive ? Replies.TLS_ACTIVE : Replies.TLS_UNAVAILABLE);
        }
        reply(out, Replies.BEGIN_TLS);
        out.add(new Effect.StartTls());
        state.startTls();
    }

    /** RFC 1939 §4: QUIT before login ends the session without entering UPDATE. */
    void quit(String argument, List<Effect> out) throws ReplyException {
        Arguments.requireNone(argument, "QUIT");
        reply(out, Pop3Reply.ok(state.settings.hostName() + " POP3 server signing off"));
        state.close(out);
    }
}
