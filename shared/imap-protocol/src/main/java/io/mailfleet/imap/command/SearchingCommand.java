package io.mailfleet.imap.command;

/** A command that selects messages by search criteria: SEARCH, SORT and THREAD, and their UID forms. */
public interface SearchingCommand extends ImapCommand {

    SearchKey key();

    /** A UID form uses sequence numbers too when its criteria hold a sequence set. */
    @Override
    default boolean usesSequenceNumbers() {
        return kind().usesSequenceNumbers() || key().usesSequenceNumbers();
    }
}
