package io.mailfleet.imap.response;

import java.util.List;
import java.util.Objects;

/** Untagged data about mailboxes (RFC 3501 §7.2-7.3, RFC 9051 §7.3): FLAGS, EXISTS, RECENT, LIST, LSUB, STATUS. */
public interface MailboxData extends Response {

    /** The hierarchy delimiter of every mailbox name here. */
    char DELIMITER = '/';

    /** {@code * FLAGS (...)}: the flags defined in the selected mailbox. */
    record Flags(List<String> flags) implements MailboxData {
        public Flags {
            flags = List.copyOf(flags);
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("* FLAGS ").atomList(flags).crlf();
        }
    }

    /** {@code * n EXISTS}. */
    record Exists(long count) implements MailboxData {
        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("* ").number(count).raw(" EXISTS").crlf();
        }
    }

    /** {@code * n RECENT}: IMAP4rev1 only; RFC 9051 removed it. */
    record Recent(long count) implements MailboxData {
        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("* ").number(count).raw(" RECENT").crlf();
        }
    }

    /**
     * {@code * LIST} or {@code * LSUB}: one mailbox, with the extended data of RFC 5258 §4 (CHILDINFO) and
     * RFC 9051 §7.3.1 (OLDNAME) when given. LIST-STATUS (RFC 5819) sends a {@link Status} after it.
     *
     * @param childInfo CHILDINFO values, e.g. {@code SUBSCRIBED}; empty for none
     * @param oldName the name before a RENAME, or null
     */
    record Listed(boolean lsub, List<String> attributes, String name, List<String> childInfo, String oldName)
            implements MailboxData {
        public Listed {
            attributes = List.copyOf(attributes);
            Objects.requireNonNull(name, "name");
            childInfo = List.copyOf(childInfo);
        }

        public static Listed list(List<String> attributes, String name) {
            return new Listed(false, attributes, name, List.of(), null);
        }

        public static Listed lsub(List<String> attributes, String name) {
            return new Listed(true, attributes, name, List.of(), null);
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw(lsub ? "* LSUB " : "* LIST ").atomList(attributes).raw(" \"" + DELIMITER + "\" ").mailbox(name);
            if (!childInfo.isEmpty() || oldName != null) {
                out.raw(" (");
                if (!childInfo.isEmpty()) {
                    out.raw("\"CHILDINFO\" (");
                    for (int i = 0; i < childInfo.size(); i++) {
                        out.raw(i > 0 ? " " : "").string(childInfo.get(i));
                    }
                    out.raw(")");
                }
                if (oldName != null) {
                    out.raw(childInfo.isEmpty() ? "" : " ").raw("\"OLDNAME\" (").mailbox(oldName).raw(")");
                }
                out.raw(")");
            }
            out.crlf();
        }
    }

    /** One STATUS item: a number, or the RFC 8474 MAILBOXID. */
    record StatusItem(String name, String value) {
        public StatusItem {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        /** MESSAGES, UIDNEXT, UIDVALIDITY, UNSEEN, DELETED, SIZE, RECENT, HIGHESTMODSEQ, APPENDLIMIT. */
        public static StatusItem number(String name, long value) {
            if (value < 0) {
                throw new IllegalArgumentException(name + " is negative");
            }
            return new StatusItem(name, Long.toString(value));
        }

        public static StatusItem mailboxId(String id) {
            return new StatusItem("MAILBOXID", "(" + ResponseCode.MailboxId.requireObjectId(id) + ")");
        }
    }

    /** {@code * STATUS name (MESSAGES 231 UIDNEXT 44292)}, RFC 3501 §7.2.4. */
    record Status(String name, List<StatusItem> items) implements MailboxData {
        public Status {
            Objects.requireNonNull(name, "name");
            items = List.copyOf(items);
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("* STATUS ").mailbox(name).raw(" (");
            for (int i = 0; i < items.size(); i++) {
                out.raw(i > 0 ? " " : "").raw(items.get(i).name()).sp().raw(items.get(i).value());
            }
            out.raw(")").crlf();
        }
    }
}
