package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.gateway.config.ImapGatewaySettings;
import io.mailfleet.imap.gateway.server.Backends;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * What the gateway keeps of one IMAP session besides the core's state: the account, the selected
 * mailbox, and what the last command left for the connection to do (body sections to stream, its own
 * silent flag changes not to report back).
 */
public final class GatewaySession {

    private final Backends backends;
    private final ImapGatewaySettings settings;
    private final Deque<BodySource> bodies = new ArrayDeque<>();
    private final Map<Long, Long> silentChanges = new HashMap<>();
    private String account;
    private Selected selected;

    public GatewaySession(Backends backends, ImapGatewaySettings settings) {
        this.backends = backends;
        this.settings = settings;
    }

    public Backends backends() {
        return backends;
    }

    public ImapGatewaySettings settings() {
        return settings;
    }

    /** The logged-in account's lookup key, or null before login. */
    public String account() {
        return account;
    }

    public void loggedIn(String accountKey) {
        account = accountKey;
    }

    public Selected selected() {
        return selected;
    }

    public void select(Selected mailbox) {
        selected = mailbox;
        silentChanges.clear();
    }

    /** Body sections of the FETCH responses just answered, in order. */
    public Deque<BodySource> bodies() {
        return bodies;
    }

    /** A STORE .SILENT's own changes, UID to MODSEQ: the resync after it does not report them. */
    public Map<Long, Long> silentChanges() {
        return silentChanges;
    }
}
