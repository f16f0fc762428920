package io.mailfleet.smtp;

/** A command cannot be carried out; the reply says why. Caught by the session, never thrown to the wiring. */
final class ReplyException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient SmtpReply reply;

    ReplyException(SmtpReply reply) {
        super(reply.toString(), null, false, false);
        this.reply = reply;
    }

    ReplyException(int code, String enhanced, String text) {
        this(SmtpReply.of(code, enhanced, text));
    }

    SmtpReply reply() {
        return reply;
    }
}
