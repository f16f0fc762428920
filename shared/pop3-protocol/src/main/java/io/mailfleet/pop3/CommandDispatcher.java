package io.mailfleet.pop3;

import java.util.List;
import java.util.Locale;
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
    private Consumer<String> observer = keyword -> { };

    /** The keywords a command is counted under; any other line counts as {@code OTHER}, so the set of names stays bounded. */
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
        this.observer = observer;
    }

    void command(String line, List<Effect> out) {
        int space = line.indexOf(' ');
        String keyword = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String argument = space < 0 ? "" : line.substring(space + 1);
        observer.accept(KEYWORDS.contains(keyword) ? keyword : "OTHER");
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
