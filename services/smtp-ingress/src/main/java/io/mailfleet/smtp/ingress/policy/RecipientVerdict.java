package io.mailfleet.smtp.ingress.policy;

/**
 * What to answer to a RCPT TO, with the reply the SMTP layer sends for refusals.
 *
 * @param code         the SMTP reply code, 250 when accepted
 * @param enhancedCode the RFC 3463 enhanced status code
 */
public record RecipientVerdict(int code, String enhancedCode, String text) {

    static final RecipientVerdict LOCAL = new RecipientVerdict(250, "2.1.5", "OK");
    static final RecipientVerdict RELAYED = new RecipientVerdict(250, "2.1.5", "OK, will relay");
    static final RecipientVerdict UNKNOWN_USER = new RecipientVerdict(550, "5.1.1", "No such user here");
    static final RecipientVerdict RELAY_DENIED = new RecipientVerdict(554, "5.7.1", "Relay access denied");
    static final RecipientVerdict LOOKUP_FAILED = new RecipientVerdict(451, "4.3.0", "Cannot check the recipient now, try again later");

    public boolean accepted() {
        return code == 250;
    }
}
