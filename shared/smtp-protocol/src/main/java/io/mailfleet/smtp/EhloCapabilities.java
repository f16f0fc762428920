package io.mailfleet.smtp;

import io.mailfleet.model.event.Listener;
import java.util.ArrayList;
import java.util.List;

/** The service extensions the EHLO reply lists (RFC 5321 §4.1.1.1), some offered only in some states. */
final class EhloCapabilities {

    private EhloCapabilities() {
    }

    /** The lines of the 250 reply to EHLO, the server's name first. */
    static List<String> lines(SessionState state) {
        SmtpSettings settings = state.settings;
        List<String> lines = new ArrayList<>(List.of(settings.hostName(), "PIPELINING",
                "SIZE " + settings.maxMessageSize(), "8BITMIME", "SMTPUTF8", "CHUNKING", "BINARYMIME", "DSN",
                "ENHANCEDSTATUSCODES"));
        if (startTlsOffered(state)) {
            lines.add("STARTTLS");
        }
        if (authOffered(state)) {
            lines.add("AUTH PLAIN LOGIN");
        }
        return lines;
    }

    static boolean startTlsOffered(SessionState state) {
        return state.settings.tlsAvailable() && !state.tlsActive;
    }

    /** RFC 4954 §4 leaves plaintext AUTH to policy; MX takes no AUTH at all. */
    static boolean authOffered(SessionState state) {
        return state.settings.listener() != Listener.MX && (state.tlsActive || state.settings.allowPlaintextAuth());
    }
}
