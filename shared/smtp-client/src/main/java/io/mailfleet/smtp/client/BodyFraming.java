package io.mailfleet.smtp.client;

/** How the wiring is to send the message after {@link Effect.SendBody}. */
public enum BodyFraming {
    /**
     * After DATA's 354: the message through a {@link DotStuffingOutputStream}, whose
     * {@link DotStuffingOutputStream#finish()} writes the final {@code CRLF.CRLF}.
     */
    DOT_STUFFED,
    /**
     * After {@code BDAT <size> LAST} (RFC 3030): exactly {@link MailTransaction#size()} octets as
     * stored, unchanged. Fewer or more is a {@link SmtpClientSession#bodyFailed(String)}.
     */
    CHUNK
}
