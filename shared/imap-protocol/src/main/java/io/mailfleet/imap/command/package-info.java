/**
 * One file per IMAP command: its typed request record and its parser, and the one command table that
 * says in which session states each command is legal and whether it may break sequence numbers.
 */
package io.mailfleet.imap.command;
