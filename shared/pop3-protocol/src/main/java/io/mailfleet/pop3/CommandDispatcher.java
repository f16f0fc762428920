package io.mailfleet.pop3;

import io.mailfleet.protocol.CommandLine;
import io.mailfleet.protocol.CommandObserver;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Routes a command line to its command by keyword (case-insensitive, RFC 1939 §3) and state, and turns a
 * refusal into a counted bad command. A command of another state gets -ERR like an unknown one (§3).
 */
final class CommandDispatcher {

    private final SessionState state;
    private final AuthorizationCommands authorization;
    private final AuthCommand auth;
    private final TransactionCommands transaction;
    private final CommandObserver observer = new CommandObserver(KEYWORDS);

    /** The keywords a command is counted under. */
    private static final Set<String> KEYWORDS = Set.of("CAPA", "QUIT", "USER", "PASS", "STLS", "AUTH", "STAT", "LIST",
            "RETR", "DELE", "NOOP", "RSET", "TOP", "UIDL");

    CommandDispatcher(SessionState state, AuthorizationCommands authorization, AuthCommand auth,
            TransactionCommands transaction) {
        this.state = state;
        this.authorization = authorization;
        this.auth = auth;
        this.transaction = transaction;
    }

    /** Told the keyword of every command line before it runs; its final response follows. */
    void observe(Consumer<String> observer) {
        this.observer.observe(observer);
    }

    void command(String line, List<Effect> out) {
        CommandLine command = CommandLine.split(line);
        String keyword = command.keyword();
        String argument = command.argument();
        observer.taken(keyword);
        try {
            switch (keyword) {
                case "CAPA" -> capa(argument, out);
                case "QUIT" -> quit(argument, out);
                case "USER" -> authorizationOnly().user(argument, out);
                case "PASS" -> authorizationOnly().pass(argument, out);
                case "STLS" -> authorizationOnly().stls(argument, out);
                case "AUTH" -> {
                    authorizationOnly();
                    auth.auth(argument, out);
                }
                case "STAT" -> transactionOnly().stat(argument, out);
                case "LIST" -> transactionOnly().list(argument, out);
                case "RETR" -> transactionOnly().retr(argument, out);
                case "DELE" -> transactionOnly().dele(argument, out);
                case "NOOP" -> transactionOnly().noop(argument, out);
                case "RSET" -> transactionOnly().rset(argument, out);
                case "TOP" -> transactionOnly().top(argument, out);
                case "UIDL" -> transactionOnly().uidl(argument, out);
                default -> throw new ReplyException(Replies.UNKNOWN_COMMAND);
            }
        } catch (ReplyException e) {
            state.badCommand(out, e.reply());
        }
    }

    private void capa(String argument, List<Effect> out) throws ReplyException {
        Arguments.requireNone(argument, "CAPA");
        SessionState.reply(out, Capabilities.reply(state));
    }

    private void quit(String argument, List<Effect> out) throws ReplyException {
        if (state.phase == Phase.TRANSACTION) {
            transaction.quit(argument, out);
        } else {
            authorization.quit(argument, out);
        }
    }

    private AuthorizationCommands authorizationOnly() throws ReplyException {
        if (state.phase != Phase.AUTHORIZATION) {
            throw new ReplyException(Replies.WRONG_STATE);
        }
        return authorization;
    }

    private TransactionCommands transactionOnly() throws ReplyException {
        if (state.phase != Phase.TRANSACTION) {
            throw new ReplyException(Replies.WRONG_STATE);
        }
        return transaction;
    }
}
