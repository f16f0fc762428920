package io.mailfleet.smtp;

import static io.mailfleet.smtp.SessionState.reply;

import io.mailfleet.protocol.CommandLine;
import io.mailfleet.protocol.CommandObserver;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Routes a command line to its command group and turns a refusal into the reply. */
final class CommandDispatcher {

    private final SessionState state;
    private final HelloCommand hello;
    private final EnvelopeCommands envelope;
    private final MessageTransfer transfer;
    private final SessionCommands session;
    private final AuthCommand auth;
    private final CommandObserver observer = new CommandObserver(VERBS);

    /** The verbs a command is counted under. */
    private static final Set<String> VERBS = Set.of("EHLO", "HELO", "MAIL", "RCPT", "DATA", "BDAT", "RSET", "NOOP",
            "QUIT", "VRFY", "HELP", "STARTTLS", "AUTH", "EXPN");

    CommandDispatcher(SessionState state, HelloCommand hello, EnvelopeCommands envelope, MessageTransfer transfer,
            SessionCommands session, AuthCommand auth) {
        this.state = state;
        this.hello = hello;
        this.envelope = envelope;
        this.transfer = transfer;
        this.session = session;
        this.auth = auth;
    }

    /** Told the verb of every command line before it runs; its final reply follows in the effects. */
    void observe(Consumer<String> observer) {
        this.observer.observe(observer);
    }

    void command(String line, List<Effect> out) {
        CommandLine command = CommandLine.split(line);
        String verb = command.keyword();
        String argument = command.argument().strip();
        observer.taken(verb);
        try {
            if (state.refused && !verb.equals("QUIT")) {
                throw new ReplyException(Replies.BAD_SEQUENCE);
            }
            switch (verb) {
                case "EHLO" -> hello.hello(argument, true, out);
                case "HELO" -> hello.hello(argument, false, out);
                case "MAIL" -> envelope.mail(argument, out);
                case "RCPT" -> envelope.rcpt(argument, out);
                case "DATA" -> transfer.data(argument, out);
                case "BDAT" -> transfer.bdat(argument, out);
                case "RSET" -> session.rset(argument, out);
                case "NOOP" -> session.noop(out);
                case "QUIT" -> session.quit(argument, out);
                case "VRFY" -> session.vrfy(argument, out);
                case "HELP" -> session.help(out);
                case "STARTTLS" -> session.startTls(argument, out);
                case "AUTH" -> auth.auth(argument, out);
                case "EXPN", "TURN", "SEND", "SOML", "SAML" -> throw new ReplyException(Replies.NOT_IMPLEMENTED);
                default -> throw new ReplyException(Replies.UNKNOWN_COMMAND);
            }
        } catch (ReplyException e) {
            int code = e.reply().code();
            // Policy outcomes are not client errors; syntax, sequence and auth failures are.
            if (code == 452 || code == 552 || code == 554) {
                reply(out, e.reply());
            } else {
                state.fail(out, e.reply());
            }
        }
    }
}
