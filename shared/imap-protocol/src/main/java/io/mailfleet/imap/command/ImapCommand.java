package io.mailfleet.imap.command;

/** One parsed client command. Each kind of command is a record of its own (see {@link CommandKind}). */
public interface ImapCommand {

    String tag();

    CommandKind kind();

    /**
     * Whether this command's arguments or results hold message sequence numbers, so that no EXPUNGE may be
     * sent while it runs (RFC 3501 §7.4.1, RFC 9051 §7.5.1). A UID command whose search criteria hold a
     * sequence set uses them too.
     */
    default boolean usesSequenceNumbers() {
        return kind().usesSequenceNumbers();
    }
}
