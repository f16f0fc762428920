package io.mailfleet.smtp;

import static io.mailfleet.smtp.CommandArguments.requireArgument;
import static io.mailfleet.smtp.CommandArguments.requireNoArgument;
import static io.mailfleet.smtp.SessionState.reply;

import java.util.List;

/** The commands outside a mail transaction's envelope and content: RSET, NOOP, QUIT, VRFY, HELP, STARTTLS. */
final class SessionCommands {

    private final SessionState state;
    private final MessageTransfer transfer;

    SessionCommands(SessionState state, MessageTransfer transfer) {
        this.state = state;
        this.transfer = transfer;
    }

    void rset(String argument, List<Effect> out) throws ReplyException {
        requireNoArgument(argument);
        transfer.resetTransaction(out, AbortReason.RESET);
        reply(out, Replies.OK);
    }

    void noop(List<Effect> out) {
        reply(out, Replies.OK);
    }

    void quit(String argument, List<Effect> out) throws ReplyException {
        requireNoArgument(argument);
        transfer.resetTransaction(out, AbortReason.QUIT);
        reply(out, Replies.BYE);
        state.close(out);
    }

    void vrfy(String argument, List<Effect> out) throws ReplyException {
        reply(out, requireArgument(argument, Replies.CANNOT_VRFY));
    }

    void help(List<Effect> out) {
        reply(out, Replies.HELP);
    }

    /** RFC 3207 §4: 220, then the handshake; whatever the client sent after STARTTLS is dropped. */
    void startTls(String argument, List<Effect> out) throws ReplyException {
        requireNoArgument(argument);
        if (!EhloCapabilities.startTlsOffered(state)) {
            throw new ReplyException(state.tlsActive ? Replies.BAD_SEQUENCE : Replies.NOT_IMPLEMENTED);
        }
        transfer.resetTransaction(out, AbortReason.RESET);
        reply(out, Replies.START_TLS);
        out.add(new Effect.StartTls());
        state.lines.clear();
        state.mode = SessionMode.TLS_HANDSHAKE;
    }
}
