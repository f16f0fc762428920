package io.mailfleet.mime.model;

/**
 * One entry of an IMAP address list (RFC 3501 §7.4.2), so that a list renders one to one.
 *
 * <p>A mailbox has a non-null {@code host}. Group syntax is flattened the IMAP way: a group start
 * has {@code host == null} and the group name in {@code mailbox}; a group end has both null.
 *
 * @param name        the display-name phrase as written (quotes removed, encoded words kept), or null
 * @param adl         the obsolete source route ({@code @a,@b}), or null
 * @param mailbox     the local part as written (quoted if it was quoted), or the group name
 * @param host        the domain; empty when the address had none, null only for group markers
 * @param displayName {@code name} (or the group name) with RFC 2047 encoded words decoded, or null
 */
public record Address(String name, String adl, String mailbox, String host, String displayName) {

    public static Address mailbox(String name, String adl, String mailbox, String host, String displayName) {
        return new Address(name, adl, mailbox == null ? "" : mailbox, host == null ? "" : host, displayName);
    }

    public static Address groupStart(String groupName, String displayName) {
        return new Address(null, null, groupName, null, displayName);
    }

    public static Address groupEnd() {
        return new Address(null, null, null, null, null);
    }

    public boolean startsGroup() {
        return host == null && mailbox != null;
    }

    public boolean endsGroup() {
        return host == null && mailbox == null;
    }
}
