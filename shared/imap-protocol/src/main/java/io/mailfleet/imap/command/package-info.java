/**
 * One file per IMAP command: its typed request record and its parser, and the command table.
 *
 * <p>How a session uses it:
 * <ul>
 *   <li>{@link io.mailfleet.imap.command.CommandTable#parse CommandTable.parse(event)} turns a reader's
 *       {@code Command} event into an {@link io.mailfleet.imap.command.ImapCommand} record, or throws
 *       {@code ImapSyntaxException} (answer {@code tag BAD}). APPEND never comes this way: the reader
 *       streams it.</li>
 *   <li>{@link io.mailfleet.imap.command.ImapCommand#kind()} is the command's
 *       {@link io.mailfleet.imap.command.CommandKind}, the table: {@code isLegalIn(ImapState)},
 *       {@code capability()}, {@code usesSequenceNumbers()} (hold EXPUNGE back while it runs) and
 *       {@code mayExpunge()}. {@code ImapCommand.usesSequenceNumbers()} refines the kind's answer for a
 *       UID SEARCH, SORT or THREAD whose criteria hold sequence numbers.</li>
 *   <li>Switch over the records: {@code NoArgumentsCommand} (CAPABILITY, NOOP, LOGOUT, STARTTLS, NAMESPACE,
 *       IDLE, CHECK, CLOSE, UNSELECT), {@code MailboxCommand} (DELETE, SUBSCRIBE, UNSUBSCRIBE, GETQUOTA,
 *       GETQUOTAROOT), {@code AuthenticateCommand}, {@code LoginCommand}, {@code EnableCommand},
 *       {@code IdCommand}, {@code SelectCommand} (SELECT, EXAMINE), {@code CreateCommand},
 *       {@code RenameCommand}, {@code ListCommand}, {@code LsubCommand}, {@code StatusCommand},
 *       {@code ExpungeCommand} (EXPUNGE, UID EXPUNGE), {@code SearchCommand}, {@code SortCommand},
 *       {@code ThreadCommand}, {@code FetchCommand}, {@code StoreCommand}, {@code CopyCommand} (COPY, MOVE),
 *       {@code CompressCommand}; the UID forms are the same records with a UID kind.</li>
 *   <li>{@code NoArgumentsCommand.isIdleDone(line)} and {@code AuthenticateCommand.isCancellation(line)}
 *       read continuation lines.</li>
 *   <li>{@link io.mailfleet.imap.command.SequenceSet}: ranges with {@code *} as {@code LARGEST}, or
 *       {@code $} ({@code saved()}, RFC 5182). Mailbox names are in wire form; dates are java.time; flags are
 *       {@code io.mailfleet.model.mailbox.Flag}, so {@code \Recent} and unknown system flags are BAD.</li>
 * </ul>
 */
package io.mailfleet.imap.command;
