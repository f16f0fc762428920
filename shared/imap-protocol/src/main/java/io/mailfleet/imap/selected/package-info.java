/**
 * The selected mailbox as one session sees it: the compact MSN to UID map, pending EXISTS, EXPUNGE /
 * VANISHED and FETCH FLAGS updates, and the rules for when each may be sent to the client.
 */
package io.mailfleet.imap.selected;
