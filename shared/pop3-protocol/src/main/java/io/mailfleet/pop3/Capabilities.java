package io.mailfleet.pop3;

import java.util.ArrayList;
import java.util.List;

/**
 * The CAPA response (RFC 2449 §5). RFC 2449 §5 asks that what is offered in the AUTHORIZATION state be
 * announced in both states, and nothing is offered only after login, so the list depends only on TLS:
 * before it, the cleartext-password mechanisms are hidden unless the settings allow them (RFC 2595 §2.1),
 * and after it, STLS is gone.
 */
final class Capabilities {

    private Capabilities() {
    }

    static Pop3Reply reply(SessionState state) {
        List<String> lines = new ArrayList<>(List.of("TOP", "UIDL"));
        if (authOffered(state)) {
            lines.add("USER");
            lines.add("SASL " + SaslExchange.PLAIN + " " + SaslExchange.LOGIN);
        }
        if (stlsOffered(state)) {
            lines.add("STLS");
        }
        // EXPIRE NEVER (RFC 2449 §6.7): messages are removed only when their owner deletes them.
        lines.addAll(List.of("RESP-CODES", "AUTH-RESP-CODE", "PIPELINING", "EXPIRE NEVER", "IMPLEMENTATION mailfleet"));
        return Pop3Reply.multiline("Capability list follows", lines);
    }

    static boolean stlsOffered(SessionState state) {
        return state.settings.tlsAvailable() && !state.tlsActive;
    }

    static void requireAuthOffered(SessionState state) throws ReplyException {
        if (!authOffered(state)) {
            throw new ReplyException(Replies.TLS_REQUIRED);
        }
    }

    private static boolean authOffered(SessionState state) {
        return state.tlsActive || state.settings.allowPlaintextAuth();
    }
}
