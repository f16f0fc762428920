/**
 * The IMAP session as a pure state machine: bytes in, effects out (responses to write, questions for
 * the gateway to answer against the store, body chunks of APPEND literals), no sockets or clock.
 */
package io.mailfleet.imap.session;
