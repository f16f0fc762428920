/**
 * The IMAP wire: the tokenizer that turns client bytes into command lines and literals (asking for
 * continuation, enforcing line and literal limits), and the low-level writer of IMAP strings, atoms
 * and literals. Mailbox names leave this package in their wire form; decoding them is the session's.
 */
package io.mailfleet.imap.wire;
