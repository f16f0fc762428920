package io.mailfleet.smtp;

import static io.mailfleet.smtp.SessionState.reply;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** EHLO and HELO (RFC 5321 §4.1.1.1). */
final class HelloCommand {

    /** HELO names go into the Received field: a domain or an address literal, nothing that could break it. */
    private static final Pattern HELO_NAME = Pattern.compile("[A-Za-z0-9._:\\[\\]-]{1,255}");

    private final SessionState state;
    private final MessageTransfer transfer;

    HelloCommand(SessionState state, MessageTransfer transfer) {
        this.state = state;
        this.transfer = transfer;
    }

    /** RFC 5321 §4.1.4: HELO/EHLO may come again and then resets the transaction like RSET. */
    void hello(String argument, boolean extended, List<Effect> out) throws ReplyException {
        if (!HELO_NAME.matcher(argument).matches()) {
            throw PathArgument.syntax("a domain name or address literal is required");
        }
        transfer.resetTransaction(out, AbortReason.RESET);
        state.helo = argument;
        state.esmtp = extended;
        if (!extended) {
            reply(out, SmtpReply.plain(250, state.settings.hostName()));
            return;
        }
        reply(out, new SmtpReply(250, Optional.empty(), EhloCapabilities.lines(state)));
    }
}
