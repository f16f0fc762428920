/**
 * The server's responses: tagged, untagged and continuation responses, response codes, and the
 * untagged data (FETCH, LIST, STATUS, ESEARCH, ...) encoded to bytes, with body data as streamed
 * literals.
 */
package io.mailfleet.imap.response;
