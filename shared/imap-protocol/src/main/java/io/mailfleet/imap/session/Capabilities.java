package io.mailfleet.imap.session;

import java.util.ArrayList;
import java.util.List;

/**
 * The one list of what the core can offer (RFC 9051 §7.2.2): adding an extension is adding its name here
 * once the core parses it. A service advertises those of {@link #EXTENSIONS} it carries out, in
 * {@link ImapSettings#extensions()}.
 */
public final class Capabilities {

    /** Offered in every state. */
    static final List<String> ALWAYS = List.of("IMAP4rev1", "IMAP4rev2", "LITERAL-", "SASL-IR", "ID", "ENABLE",
            "IDLE");

    /** Offerable once logged in: the extensions a client uses on its mailboxes, all parsed by the core. */
    public static final List<String> EXTENSIONS = List.of("NAMESPACE", "UNSELECT", "UIDPLUS", "MOVE", "CHILDREN",
            "LIST-EXTENDED", "LIST-STATUS", "SPECIAL-USE", "CREATE-SPECIAL-USE", "STATUS=SIZE", "ESEARCH",
            "SEARCHRES", "SORT", "ESORT", "THREAD=REFERENCES", "THREAD=ORDEREDSUBJECT", "CONDSTORE", "QRESYNC",
            "BINARY", "UTF8=ACCEPT", "QUOTA", "QUOTA=RES-STORAGE", "QUOTA=RES-MESSAGE", "OBJECTID", "SAVEDATE",
            "PREVIEW", "MULTIAPPEND", "APPENDLIMIT", "COMPRESS=DEFLATE");

    /**
     * What ENABLE turns on (RFC 5161) when advertised: the names in the form ENABLED reports them.
     */
    static final List<String> ENABLEABLE = List.of("CONDSTORE", "QRESYNC", "UTF8=ACCEPT", "IMAP4rev2");

    /** The SASL mechanisms of {@link io.mailfleet.protocol.SaslExchange}. */
    static final List<String> MECHANISMS = List.of("PLAIN", "LOGIN");

    private Capabilities() {
    }

    /** Whether ENABLE may turn {@code known} (one of {@link #ENABLEABLE}) on: only what is advertised. */
    static boolean enableable(ImapSettings settings, String known) {
        return ALWAYS.contains(known) || settings.extensions().contains(known);
    }

    /**
     * How an extension is named in the list: APPENDLIMIT carries the one limit of every mailbox, the APPEND
     * message size the reader enforces (RFC 7889 §2), so a client can refuse a message before sending it.
     */
    private static String advertised(ImapSettings settings, String extension) {
        return extension.equals("APPENDLIMIT") ? "APPENDLIMIT=" + settings.limits().maxMessageSize() : extension;
    }

    /**
     * The list for the state the session is in.
     *
     * @param tls the connection is encrypted
     */
    static List<String> of(ImapSettings settings, boolean tls, boolean authenticated) {
        List<String> out = new ArrayList<>(ALWAYS);
        if (authenticated) {
            settings.extensions().forEach(extension -> out.add(advertised(settings, extension)));
            return out;
        }
        if (!tls && settings.startTlsOffered()) {
            out.add("STARTTLS");
        }
        if (tls || settings.plaintextLoginAllowed()) {
            MECHANISMS.forEach(mechanism -> out.add("AUTH=" + mechanism));
        } else {
            out.add("LOGINDISABLED");
        }
        return out;
    }
}
