package io.mailfleet.imap.command;

import io.mailfleet.imap.wire.Arguments;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The command table: every command the server knows, the states it is legal in, what it does to
 * message sequence numbers (as Dovecot's {@code COMMAND_FLAG_USES_SEQS} and {@code BREAKS_SEQS}), the
 * capability that offers it, and its parser. Adding an extension's command is one line here.
 */
public enum CommandKind {
    CAPABILITY("CAPABILITY", Legal.ANY, Sequences.NONE, null, NoArgumentsCommand::parse),
    NOOP("NOOP", Legal.ANY, Sequences.NONE, null, NoArgumentsCommand::parse),
    LOGOUT("LOGOUT", Legal.ANY, Sequences.NONE, null, NoArgumentsCommand::parse),
    ID("ID", Legal.ANY, Sequences.NONE, "ID", IdCommand::parse),
    STARTTLS("STARTTLS", Legal.NOT_AUTHENTICATED, Sequences.NONE, "STARTTLS", NoArgumentsCommand::parse),
    AUTHENTICATE("AUTHENTICATE", Legal.NOT_AUTHENTICATED, Sequences.NONE, null, AuthenticateCommand::parse),
    LOGIN("LOGIN", Legal.NOT_AUTHENTICATED, Sequences.NONE, null, LoginCommand::parse),
    ENABLE("ENABLE", Legal.AUTHENTICATED_ONLY, Sequences.NONE, "ENABLE", EnableCommand::parse),
    SELECT("SELECT", Legal.AUTHENTICATED, Sequences.NONE, null, SelectCommand::parse),
    EXAMINE("EXAMINE", Legal.AUTHENTICATED, Sequences.NONE, null, SelectCommand::parse),
    CREATE("CREATE", Legal.AUTHENTICATED, Sequences.NONE, null, CreateCommand::parse),
    DELETE("DELETE", Legal.AUTHENTICATED, Sequences.NONE, null, MailboxCommand::parse),
    RENAME("RENAME", Legal.AUTHENTICATED, Sequences.NONE, null, RenameCommand::parse),
    SUBSCRIBE("SUBSCRIBE", Legal.AUTHENTICATED, Sequences.NONE, null, MailboxCommand::parse),
    UNSUBSCRIBE("UNSUBSCRIBE", Legal.AUTHENTICATED, Sequences.NONE, null, MailboxCommand::parse),
    LIST("LIST", Legal.AUTHENTICATED, Sequences.NONE, null, ListCommand::parse),
    LSUB("LSUB", Legal.AUTHENTICATED, Sequences.NONE, null, LsubCommand::parse),
    NAMESPACE("NAMESPACE", Legal.AUTHENTICATED, Sequences.NONE, "NAMESPACE", NoArgumentsCommand::parse),
    STATUS("STATUS", Legal.AUTHENTICATED, Sequences.NONE, null, StatusCommand::parse),
    /** Read by {@link io.mailfleet.imap.wire.ImapReader} itself, which streams its messages. */
    APPEND("APPEND", Legal.AUTHENTICATED, Sequences.NONE, null, null),
    IDLE("IDLE", Legal.AUTHENTICATED, Sequences.NONE, "IDLE", NoArgumentsCommand::parse),
    GETQUOTA("GETQUOTA", Legal.AUTHENTICATED, Sequences.NONE, "QUOTA", MailboxCommand::parse),
    GETQUOTAROOT("GETQUOTAROOT", Legal.AUTHENTICATED, Sequences.NONE, "QUOTA", MailboxCommand::parse),
    COMPRESS("COMPRESS", Legal.AUTHENTICATED, Sequences.NONE, "COMPRESS=DEFLATE", CompressCommand::parse),
    CHECK("CHECK", Legal.SELECTED, Sequences.NONE, null, NoArgumentsCommand::parse),
    CLOSE("CLOSE", Legal.SELECTED, Sequences.EXPUNGES, null, NoArgumentsCommand::parse),
    UNSELECT("UNSELECT", Legal.SELECTED, Sequences.NONE, "UNSELECT", NoArgumentsCommand::parse),
    EXPUNGE("EXPUNGE", Legal.SELECTED, Sequences.EXPUNGES, null, ExpungeCommand::parse),
    SEARCH("SEARCH", Legal.SELECTED, Sequences.USES, null, SearchCommand::parse),
    SORT("SORT", Legal.SELECTED, Sequences.USES, "SORT", SortCommand::parse),
    THREAD("THREAD", Legal.SELECTED, Sequences.USES, "THREAD", ThreadCommand::parse),
    FETCH("FETCH", Legal.SELECTED, Sequences.USES, null, FetchCommand::parse),
    STORE("STORE", Legal.SELECTED, Sequences.USES, null, StoreCommand::parse),
    COPY("COPY", Legal.SELECTED, Sequences.USES, null, CopyCommand::parse),
    MOVE("MOVE", Legal.SELECTED, Sequences.USES_AND_EXPUNGES, "MOVE", CopyCommand::parse),
    UID_EXPUNGE("UID EXPUNGE", Legal.SELECTED, Sequences.EXPUNGES, "UIDPLUS", ExpungeCommand::parse),
    UID_SEARCH("UID SEARCH", Legal.SELECTED, Sequences.NONE, null, SearchCommand::parse),
    UID_SORT("UID SORT", Legal.SELECTED, Sequences.NONE, "SORT", SortCommand::parse),
    UID_THREAD("UID THREAD", Legal.SELECTED, Sequences.NONE, "THREAD", ThreadCommand::parse),
    UID_FETCH("UID FETCH", Legal.SELECTED, Sequences.NONE, null, FetchCommand::parse),
    UID_STORE("UID STORE", Legal.SELECTED, Sequences.NONE, null, StoreCommand::parse),
    UID_COPY("UID COPY", Legal.SELECTED, Sequences.NONE, null, CopyCommand::parse),
    UID_MOVE("UID MOVE", Legal.SELECTED, Sequences.EXPUNGES, "MOVE", CopyCommand::parse);

    /** Parses what follows a command's name. */
    @FunctionalInterface
    public interface Parser {
        ImapCommand parse(String tag, CommandKind kind, Arguments arguments);
    }

    /** The states a command is legal in. */
    private enum Legal {
        ANY(EnumSet.of(ImapState.NOT_AUTHENTICATED, ImapState.AUTHENTICATED, ImapState.SELECTED)),
        NOT_AUTHENTICATED(EnumSet.of(ImapState.NOT_AUTHENTICATED)),
        AUTHENTICATED(EnumSet.of(ImapState.AUTHENTICATED, ImapState.SELECTED)),
        /** RFC 5161 §3.1: ENABLE only before any mailbox is selected, since it changes how one is reported. */
        AUTHENTICATED_ONLY(EnumSet.of(ImapState.AUTHENTICATED)),
        SELECTED(EnumSet.of(ImapState.SELECTED));

        private final Set<ImapState> states;

        Legal(Set<ImapState> states) {
            this.states = states;
        }
    }

    /** What a command does to message sequence numbers. */
    private enum Sequences {
        NONE,
        /** Its arguments or results are sequence numbers: no EXPUNGE may be sent while it runs. */
        USES,
        /** It removes messages, renumbering the rest: it may not run beside a command that uses them. */
        EXPUNGES,
        USES_AND_EXPUNGES
    }

    private final String wireName;
    private final Legal legal;
    private final Sequences sequences;
    private final String capability;
    private final Parser parser;

    CommandKind(String wireName, Legal legal, Sequences sequences, String capability, Parser parser) {
        this.wireName = wireName;
        this.legal = legal;
        this.sequences = sequences;
        this.capability = capability;
        this.parser = parser;
    }

    /** The name as clients send it, e.g. {@code UID FETCH}. */
    public String wireName() {
        return wireName;
    }

    public boolean isLegalIn(ImapState state) {
        return legal.states.contains(state);
    }

    public boolean isUid() {
        return wireName.startsWith("UID ");
    }

    /** No EXPUNGE may be sent during it (RFC 3501 §7.4.1); an untagged EXPUNGE waits until it ends. */
    public boolean usesSequenceNumbers() {
        return sequences == Sequences.USES || sequences == Sequences.USES_AND_EXPUNGES;
    }

    /** It may expunge messages, so it may not run in parallel with a command that uses sequence numbers. */
    public boolean mayExpunge() {
        return sequences == Sequences.EXPUNGES || sequences == Sequences.USES_AND_EXPUNGES;
    }

    /** The capability that advertises it (a prefix such as {@code THREAD} for {@code THREAD=REFERENCES}). */
    public Optional<String> capability() {
        return Optional.ofNullable(capability);
    }

    Parser parser() {
        return parser;
    }

    /** The command named {@code name} (any case; {@code UID FETCH} with one space), if known. */
    public static Optional<CommandKind> named(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (CommandKind kind : values()) {
            if (kind.wireName.equals(upper)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
