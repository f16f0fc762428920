package io.mailfleet.pop3;

import static io.mailfleet.pop3.SessionState.reply;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** AUTH (RFC 5034): the command, and the SASL exchange of challenges and response lines after it. */
final class AuthCommand {

    private final SessionState state;
    private SaslExchange sasl;

    AuthCommand(SessionState state) {
        this.state = state;
    }

    /** True while the next line is a SASL response rather than a command. */
    boolean inProgress() {
        return sasl != null;
    }

    void auth(String argument, List<Effect> out) throws ReplyException {
        Capabilities.requireAuthOffered(state);
        List<String> words = Arguments.words(argument);
        if (words.isEmpty() || words.size() > 2) {
            throw Replies.syntax("AUTH mechanism [initial-response]");
        }
        String mechanism = words.get(0).toUpperCase(Locale.ROOT);
        if (!SaslExchange.offers(mechanism)) {
            throw new ReplyException(Replies.UNKNOWN_MECHANISM);
        }
        state.username = null;
        // RFC 5034 §4: "=" is an initial response of zero length.
        Optional<String> initial = words.size() == 2
                ? Optional.of(words.get(1).equals("=") ? "" : words.get(1))
                : Optional.empty();
        sasl = new SaslExchange(mechanism);
        step(sasl.start(initial), out);
    }

    /** One line read while the exchange waits for a response. */
    void respond(String line, List<Effect> out) {
        if (line.equals("*")) {
            end();
            reply(out, Replies.AUTH_CANCELLED);
            return;
        }
        step(sasl.respond(line), out);
    }

    /** The exchange is over, or broken off by a line that cannot be a response. */
    void end() {
        sasl = null;
    }

    private void step(SaslExchange.Step step, List<Effect> out) {
        if (step instanceof SaslExchange.Challenge challenge) {
            reply(out, Pop3Reply.continuation(challenge.challenge()));
            return;
        }
        String mechanism = sasl.mechanism();
        end();
        if (step instanceof SaslExchange.Credentials credentials) {
            state.decide(out, new Question.Authenticate(mechanism, credentials.username(), credentials.password()));
        } else if (step instanceof SaslExchange.Refused refused) {
            state.loginFailed(out, refused.reply());
        } else {
            state.badCommand(out, ((SaslExchange.Malformed) step).reply());
        }
    }
}
