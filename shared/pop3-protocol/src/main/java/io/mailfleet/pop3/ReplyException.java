package io.mailfleet.pop3;

/**
 * A command is refused because of what the client sent; the reply says why. Caught by the dispatcher, which
 * counts it as a bad command; never thrown to the wiring.
 */
final class ReplyException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Pop3Reply reply;

    ReplyException(Pop3Reply reply) {
        super(reply.toString(), null, false, false);
        this.reply = reply;
    }

    Pop3Reply reply() {
        return reply;
    }
}
