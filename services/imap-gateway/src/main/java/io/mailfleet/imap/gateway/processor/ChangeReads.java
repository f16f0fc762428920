package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.CommandKind;
import io.mailfleet.imap.command.FetchCommand;
import io.mailfleet.imap.command.ImapCommand;

import java.util.EnumSet;
import java.util.Set;

/**
 * Whether a command's answer waits for the selected mailbox's changes to be read from the store
 * ({@link MailboxSync#read}). A server reports changes when it sees them, and it need not look for
 * them after every command (RFC 9051 §5.2, §7): a client that wants them polls with NOOP or waits in
 * IDLE. So the read follows a command that polls, one that may have changed the selected mailbox
 * itself (its own changes come back through that read, as everyone else's do), and any command once
 * a wake-up said the account may have changed since the last read. A command that only reads and
 * follows no wake-up is answered without it: one store round trip less, for most commands a client sends.
 */
public final class ChangeReads {

    /** Commands that change no mailbox's messages, or none but the one they name, which is not the selected one's view. */
    private static final Set<CommandKind> ONLY_READ = EnumSet.of(CommandKind.FETCH, CommandKind.UID_FETCH,
            CommandKind.SEARCH, CommandKind.UID_SEARCH, CommandKind.SORT, CommandKind.UID_SORT,
            CommandKind.THREAD, CommandKind.UID_THREAD, CommandKind.STATUS, CommandKind.LIST, CommandKind.LSUB,
            CommandKind.GETQUOTA, CommandKind.GETQUOTAROOT, CommandKind.SUBSCRIBE, CommandKind.UNSUBSCRIBE,
            CommandKind.CREATE);

    private ChangeReads() {
    }

    /**
     * @param woken whether a wake-up (an event of the account, or the periodic resync) came since the
     *     session last read the mailbox's changes
     */
    public static boolean after(ImapCommand command, boolean woken) {
        if (woken || !ONLY_READ.contains(command.kind())) {
            return true;
        }
        // A FETCH of a body without PEEK sets \Seen: a change of the selected mailbox.
        return command instanceof FetchCommand fetch && fetch.attributes().stream().anyMatch(FetchProcessor::setsSeen);
    }
}
