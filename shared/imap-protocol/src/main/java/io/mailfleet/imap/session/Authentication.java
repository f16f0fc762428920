package io.mailfleet.imap.session;

import java.util.List;

import io.mailfleet.imap.command.AuthenticateCommand;
import io.mailfleet.imap.command.LoginCommand;
import io.mailfleet.imap.response.Continuation;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.response.StatusResponse;
import io.mailfleet.imap.response.StatusResponse.Condition;
import io.mailfleet.protocol.SaslExchange;

/** LOGIN (RFC 9051 §6.2.3) and AUTHENTICATE with PLAIN and LOGIN, SASL-IR initial responses included (RFC 4959). */
final class Authentication {

    private final ImapSession session;
    private SaslExchange exchange;
    private String tag;

    Authentication(ImapSession session) {
        this.session = session;
    }

    /** The tag of the AUTHENTICATE exchange under way, or null. */
    String tag() {
        return tag;
    }

    void reset() {
        exchange = null;
        tag = null;
    }

    void login(LoginCommand command, List<Effect> out) {
        if (refusedWithoutTls(command.tag(), out)) {
            return;
        }
        tag = command.tag();
        session.ask(new Question.Authenticate("LOGIN", command.user(), command.password()), command, out);
    }

    void authenticate(AuthenticateCommand command, List<Effect> out) {
        if (refusedWithoutTls(command.tag(), out)) {
            return;
        }
        if (!Capabilities.MECHANISMS.contains(command.mechanism())) {
            session.write(out, StatusResponse.tagged(command.tag(), Condition.NO, ResponseCode.Simple.CANNOT,
                    "Unsupported authentication mechanism"));
            return;
        }
        tag = command.tag();
        exchange = new SaslExchange(command.mechanism());
        step(exchange.start(command.initialResponse()), out);
    }

    /** A client response line of the exchange. */
    void respond(String line, List<Effect> out) {
        if (exchange == null) {
            throw new IllegalStateException("no exchange is under way");
        }
        if (AuthenticateCommand.isCancellation(line)) {
            String cancelled = tag;
            reset();
            session.bad(out, cancelled, "Authentication cancelled");
            return;
        }
        step(exchange.respond(line), out);
    }

    private void step(SaslExchange.Step step, List<Effect> out) {
        if (step instanceof SaslExchange.Challenge challenge) {
            session.write(out, new Continuation(challenge.challenge()));
            session.reader().expectContinuationLine();
        } else if (step instanceof SaslExchange.Credentials credentials) {
            session.ask(new Question.Authenticate("AUTHENTICATE " + exchange.mechanism(), credentials.username(),
                    credentials.password()), null, out);
        } else {
            String failed = tag;
            SaslExchange.Failure failure = ((SaslExchange.Failed) step).failure();
            reset();
            if (failure == SaslExchange.Failure.FOREIGN_AUTHORIZATION_IDENTITY) {
                session.write(out, StatusResponse.tagged(failed, Condition.NO, ResponseCode.Simple.AUTHORIZATIONFAILED,
                        "Acting for another identity is not allowed"));
            } else {
                session.bad(out, failed, "Malformed authentication response");
            }
        }
    }

    void answered(Answer answer, List<Effect> out) {
        String answeredTag = tag;
        reset();
        if (answer instanceof Answer.Authenticated authenticated) {
            session.loggedIn(authenticated.user());
            session.write(out, StatusResponse.tagged(answeredTag, Condition.OK,
                    new ResponseCode.Capability(session.capabilities()), "Logged in"));
        } else if (answer instanceof Answer.Rejected) {
            session.write(out, StatusResponse.tagged(answeredTag, Condition.NO,
                    ResponseCode.Simple.AUTHENTICATIONFAILED, "Authentication failed"));
        } else if (answer instanceof Answer.Unavailable) {
            session.write(out, StatusResponse.tagged(answeredTag, Condition.NO, ResponseCode.Simple.UNAVAILABLE,
                    "Try again later"));
        } else if (answer instanceof Answer.TooManySessions) {
            session.write(out, StatusResponse.tagged(answeredTag, Condition.NO, ResponseCode.Simple.LIMIT,
                    "Too many sessions open for this account"));
        } else {
            throw new IllegalArgumentException("Authenticate takes Authenticated, Rejected, Unavailable or TooManySessions: "
                    + answer);
        }
    }

    /** RFC 9051 §6.2.3 and §11.1: no password over plaintext unless the operator allows it. */
    private boolean refusedWithoutTls(String commandTag, List<Effect> out) {
        if (session.tls() || session.settings().plaintextLoginAllowed()) {
            return false;
        }
        session.write(out, StatusResponse.tagged(commandTag, Condition.NO, ResponseCode.Simple.PRIVACYREQUIRED,
                "Use STARTTLS first"));
        return true;
    }
}
