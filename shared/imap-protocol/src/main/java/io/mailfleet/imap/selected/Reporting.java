package io.mailfleet.imap.selected;

/**
 * What the session's client has turned on that changes how updates are reported.
 *
 * @param imap4rev2 the client enabled IMAP4rev2: no {@code \Recent} and no RECENT (RFC 9051 §7.3.2 removed them)
 * @param condstore CONDSTORE is on (by ENABLE, or a CONDSTORE parameter or command, RFC 7162 §3.1): every
 *     FETCH response carries UID and MODSEQ
 * @param qresync QRESYNC is on (RFC 7162 §3.2.5): expunges are reported as VANISHED, not EXPUNGE
 */
public record Reporting(boolean imap4rev2, boolean condstore, boolean qresync) {

    public static final Reporting IMAP4REV1 = new Reporting(false, false, false);
}
