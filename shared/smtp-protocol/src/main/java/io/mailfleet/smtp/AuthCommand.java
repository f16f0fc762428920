package io.mailfleet.smtp;

import static io.mailfleet.smtp.SessionState.reply;

import io.mailfleet.model.event.Listener;
import io.mailfleet.protocol.SaslExchange;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** AUTH (RFC 4954): the command and the SASL exchange of challenges and response lines after it. */
final class AuthCommand {

    private final SessionState state;
    private SaslExchange sasl;

    AuthCommand(SessionState state) {
        this.state = state;
    }

    void auth(String argument, List<Effect> out) throws ReplyException {
        if (state.settings.listener() == Listener.MX) {
            throw new ReplyException(Replies.NOT_IMPLEMENTED);
        }
        if (!state.esmtp || state.identity != null || state.transaction != null) {
            throw new ReplyException(Replies.BAD_SEQUENCE);
        }
        if (!EhloCapabilities.authOffered(state)) {
            throw new ReplyException(Replies.ENCRYPTION_REQUIRED);
        }
        String[] words = argument.split(" +");
        String mechanism = words[0].toUpperCase(Locale.ROOT);
        if (mechanism.isEmpty() || words.length > 2) {
            throw PathArgument.syntax("AUTH mechanism [initial-response]");
        }
        if (!SaslExchange.offers(mechanism)) {
            throw new ReplyException(Replies.UNKNOWN_MECHANISM);
        }
        // RFC 4954 §4: "=" is an initial response of zero length.
        Optional<String> initial = words.length == 2
                ? Optional.of(words[1].equals("=") ? "" : words[1])
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

    private void step(SaslExchange.Step step, List<Effect> out) {
        if (step instanceof SaslExchange.Challenge challenge) {
            state.mode = SessionMode.SASL;
            reply(out, SmtpReply.plain(334, challenge.challenge()));
        } else if (step instanceof SaslExchange.Credentials credentials) {
            String mechanism = sasl.mechanism();
            end();
            state.decide(out, new Question.Authenticate(mechanism, credentials.username(), credentials.password()));
        } else {
            end();
            state.fail(out, failureReply(((SaslExchange.Failed) step).failure()));
        }
    }

    private static SmtpReply failureReply(SaslExchange.Failure failure) {
        return switch (failure) {
            case UNDECODABLE_RESPONSE -> Replies.BAD_BASE64;
            case MALFORMED_PLAIN -> Replies.MALFORMED_PLAIN;
            case FOREIGN_AUTHORIZATION_IDENTITY -> Replies.AUTH_INVALID;
        };
    }

    /** Back to commands: the exchange is over, or broken off by a line that cannot be a response. */
    void end() {
        sasl = null;
        state.mode = SessionMode.COMMAND;
    }
}
