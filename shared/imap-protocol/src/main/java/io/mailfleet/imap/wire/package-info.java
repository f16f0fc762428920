/**
 * The IMAP wire, input side: the reader that turns client bytes into commands, literals and APPEND
 * message chunks, enforcing the limits, and the lexical rules the command parsers share
 * ({@code Arguments}, {@code Chars}). Mailbox names leave the reader in their wire form; decoding them
 * (modified UTF-7) is the session's.
 *
 * <p>How a session uses it:
 * <ul>
 *   <li>{@code new ImapReader(ReaderLimits)}; {@link io.mailfleet.imap.wire.ImapReader#feed feed} every
 *       chunk received, then call {@link io.mailfleet.imap.wire.ImapReader#next next} until it returns
 *       null.</li>
 *   <li>{@code Command(tag, arguments)}: a complete command other than APPEND; parse it with
 *       {@code io.mailfleet.imap.command.CommandTable.parse}, which throws
 *       {@link io.mailfleet.imap.wire.ImapSyntaxException} (answer {@code tag BAD message}).</li>
 *   <li>{@code ContinuationNeeded(tag, size)}: call {@code acceptLiteral()} and send {@code + ...}, or
 *       {@code refuseLiteral()} and answer the tag; {@code next()} throws until one is called.</li>
 *   <li>APPEND: {@code AppendMessageStart} (accept or refuse it as above when it is synchronizing; a
 *       non-synchronizing one may be refused before {@code next()}), then {@code AppendChunk}s, then
 *       {@code AppendMessageEnd}, repeated per message (MULTIAPPEND), then {@code AppendDone(tag, count)}.
 *       A {@code Rejected} event instead voids the whole APPEND.</li>
 *   <li>{@code Rejected(tag?, rejection, text)}: the reader refused the command and skips its rest; the
 *       {@code Rejection} names the answer ({@code BAD}, {@code BAD [TOOBIG]}, {@code NO [TOOBIG]}).</li>
 *   <li>{@code expectContinuationLine()} before AUTHENTICATE's exchange or IDLE: the next line comes as
 *       {@code ContinuationLine(text)} (a {@code Rejected} event ends the wait instead).</li>
 *   <li>{@code enableUtf8()} once UTF8=ACCEPT is enabled or IMAP4rev2 is in use.</li>
 * </ul>
 */
package io.mailfleet.imap.wire;
