package io.mailfleet.smtp.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * From the greeting to the first transaction: EHLO (HELO when EHLO is not known), STARTTLS and
 * EHLO again, AUTH.
 *
 * <p>A failure here is held temporary whatever its code: it concerns this server or our own
 * configuration (a 554 greeting, a refused password), not the recipients, and another MX host or
 * a later attempt may well succeed.
 */
final class SessionSetup {

    private final SessionState state;

    SessionSetup(SessionState state) {
        this.state = state;
    }

    void onReply(Awaited command, Reply reply, List<Effect> out) {
        switch (command) {
            case GREETING -> {
                if (reply.isPositive()) {
                    hello(out);
                } else {
                    refused(reply, Stage.GREETING, out);
                }
            }
            case EHLO -> {
                if (reply.isPositive()) {
                    state.capabilities = Capabilities.fromEhlo(reply);
                    negotiate(out);
                } else if (reply.isPermanent()) {
                    // RFC 5321 §3.2: a server that does not know EHLO refuses it with a 5xx; HELO
                    // then opens a session without extensions.
                    state.send(out, "HELO " + state.settings.heloName() + "\r\n", Awaited.HELO);
                } else {
                    refused(reply, Stage.HELLO, out);
                }
            }
            case HELO -> {
                if (reply.isPositive()) {
                    state.capabilities = Capabilities.NONE;
                    negotiate(out);
                } else {
                    refused(reply, Stage.HELLO, out);
                }
            }
            case STARTTLS -> {
                if (reply.isPositive()) {
                    state.phase = SessionState.Phase.TLS_HANDSHAKE;
                    state.replies.discard();
                    out.add(new Effect.StartTls());
                } else if (state.settings.tlsMode() == TlsMode.REQUIRED) {
                    refused(reply, Stage.STARTTLS, out);
                } else {
                    // RFC 7435: opportunistic TLS carries on in plaintext; the server is still in
                    // the state it was before STARTTLS, so the session goes on as it is.
                    authenticate(out);
                }
            }
            case AUTH -> {
                if (reply.isPositive()) {
                    state.ready(out);
                } else {
                    refused(reply, Stage.AUTH, out);
                }
            }
            case AUTH_USERNAME -> loginStep(reply, username(), Awaited.AUTH_PASSWORD, out);
            case AUTH_PASSWORD -> loginStep(reply, password(), Awaited.AUTH, out);
            default -> throw new IllegalStateException(command + " is not a setup command");
        }
    }

    /** The handshake is done: the session starts over, and what the server said before TLS is forgotten (RFC 3207 §4.2). */
    void tlsStarted(List<Effect> out) {
        state.tlsActive = true;
        state.capabilities = Capabilities.NONE;
        state.phase = SessionState.Phase.SETUP;
        hello(out);
    }

    private void hello(List<Effect> out) {
        state.send(out, "EHLO " + state.settings.heloName() + "\r\n", Awaited.EHLO);
    }

    private void negotiate(List<Effect> out) {
        TlsMode mode = state.settings.tlsMode();
        if (!state.tlsActive && mode != TlsMode.NONE) {
            if (state.capabilities.startTls()) {
                state.send(out, "STARTTLS\r\n", Awaited.STARTTLS);
                return;
            }
            if (mode == TlsMode.REQUIRED) {
                state.fail(new Diagnosis.Local("7.4", "TLS is required, but the server does not offer STARTTLS"),
                        Stage.STARTTLS, TransactionResult.Retry.NONE, true, out);
                return;
            }
        }
        authenticate(out);
    }

    private void authenticate(List<Effect> out) {
        if (state.settings.credentials().isEmpty()) {
            state.ready(out);
            return;
        }
        if (!state.tlsActive && !state.settings.authWithoutTls()) {
            state.fail(new Diagnosis.Local("7.0", "the credentials are not sent without TLS, and TLS is not in use"),
                    Stage.AUTH, TransactionResult.Retry.NONE, true, out);
            return;
        }
        if (state.capabilities.authMechanisms().contains("PLAIN")) {
            // RFC 4954 §4 with an initial response: one round trip. RFC 4616: no authzid.
            state.send(out, "AUTH PLAIN " + base64("\0" + username() + "\0" + password()) + "\r\n", Awaited.AUTH);
        } else if (state.capabilities.authMechanisms().contains("LOGIN")) {
            state.send(out, "AUTH LOGIN\r\n", Awaited.AUTH_USERNAME);
        } else {
            state.fail(new Diagnosis.Local("7.0", "the server offers neither AUTH PLAIN nor AUTH LOGIN"),
                    Stage.AUTH, TransactionResult.Retry.NONE, true, out);
        }
    }

    /** AUTH LOGIN asks for each field with a 334; anything else ends it. */
    private void loginStep(Reply reply, String field, Awaited next, List<Effect> out) {
        if (reply.code() == 334) {
            state.send(out, base64(field) + "\r\n", next);
        } else {
            refused(reply, Stage.AUTH, out);
        }
    }

    private void refused(Reply reply, Stage stage, List<Effect> out) {
        state.fail(new Diagnosis.Remote(reply), stage, TransactionResult.Retry.NONE, true, out);
    }

    private String username() {
        return state.settings.credentials().orElseThrow().username();
    }

    private String password() {
        return state.settings.credentials().orElseThrow().password();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
