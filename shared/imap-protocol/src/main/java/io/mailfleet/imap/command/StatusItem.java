package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;
import java.util.List;

/**
 * {@code status-att} of RFC 9051 §9: the base items, SIZE and DELETED (RFC 9051), HIGHESTMODSEQ
 * (RFC 7162), APPENDLIMIT (RFC 7889), MAILBOXID (RFC 8474), RECENT (IMAP4rev1).
 */
public enum StatusItem {
    MESSAGES, UIDNEXT, UIDVALIDITY, UNSEEN, RECENT, DELETED, SIZE, HIGHESTMODSEQ, APPENDLIMIT, MAILBOXID;

    /** {@code "(" status-att *(SP status-att) ")"}. */
    static List<StatusItem> parseList(Arguments arguments) {
        return Keywords.parseList(arguments, StatusItem.class, "status item", false);
    }
}
