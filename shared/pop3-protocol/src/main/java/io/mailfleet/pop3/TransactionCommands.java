package io.mailfleet.pop3;

import static io.mailfleet.pop3.SessionState.reply;

import java.util.List;
import java.util.OptionalLong;

/** The commands of the TRANSACTION state (RFC 1939 §5, §6, §7), on the locked maildrop. */
final class TransactionCommands {

    private final SessionState state;

    TransactionCommands(SessionState state) {
        this.state = state;
    }

    void stat(String argument, List<Effect> out) throws ReplyException {
        Arguments.requireNone(argument, "STAT");
        Maildrop maildrop = state.maildrop;
        reply(out, Pop3Reply.ok(maildrop.count() + " " + maildrop.octets()));
    }

    void list(String argument, List<Effect> out) throws ReplyException {
        Maildrop maildrop = state.maildrop;
        OptionalLong number = optionalNumber(argument, "LIST [msg]");
        if (number.isPresent()) {
            reply(out, Pop3Reply.ok(number.getAsLong() + " " + maildrop.message(number.getAsLong()).size()));
        } else {
            reply(out, Pop3Reply.multiline(Replies.messages(maildrop.count(), maildrop.octets()),
                    maildrop.scanListing()));
        }
    }

    void uidl(String argument, List<Effect> out) throws ReplyException {
        Maildrop maildrop = state.maildrop;
        OptionalLong number = optionalNumber(argument, "UIDL [msg]");
        if (number.isPresent()) {
            reply(out, Pop3Reply.ok(number.getAsLong() + " " + maildrop.message(number.getAsLong()).uniqueId()));
        } else {
            reply(out, Pop3Reply.multiline("Unique-id listing follows", maildrop.uniqueIdListing()));
        }
    }

    /**
     * The wiring writes the +OK only once it has the content open, and streams it after: a message
     * the store cannot give now gets {@code -ERR [SYS/TEMP]}, never an +OK without its data.
     */
    void retr(String argument, List<Effect> out) throws ReplyException {
        long number = singleNumber(argument, "RETR msg");
        MaildropMessage message = state.maildrop.message(number);
        state.decide(out, new Question.SendMessage((int) number, message, OptionalLong.empty()));
    }

    void top(String argument, List<Effect> out) throws ReplyException {
        List<String> words = Arguments.words(argument);
        if (words.size() != 2) {
            throw Replies.syntax("TOP msg n");
        }
        long number = Arguments.number(words.get(0), "TOP msg n");
        long lines = Arguments.number(words.get(1), "TOP msg n");
        MaildropMessage message = state.maildrop.message(number);
        state.decide(out, new Question.SendMessage((int) number, message, OptionalLong.of(lines)));
    }

    void dele(String argument, List<Effect> out) throws ReplyException {
        long number = singleNumber(argument, "DELE msg");
        state.maildrop.message(number);
        state.maildrop.delete((int) number);
        reply(out, Pop3Reply.ok("message " + number + " deleted"));
    }

    void noop(String argument, List<Effect> out) throws ReplyException {
        Arguments.requireNone(argument, "NOOP");
        reply(out, Replies.OK);
    }

    void rset(String argument, List<Effect> out) throws ReplyException {
        Arguments.requireNone(argument, "RSET");
        Maildrop maildrop = state.maildrop;
        maildrop.undeleteAll();
        reply(out, Pop3Reply.ok("maildrop has " + Replies.messages(maildrop.count(), maildrop.octets())));
    }

    /**
     * RFC 1939 §6: QUIT enters UPDATE. The wiring is asked to remove the messages marked deleted, if any,
     * and to give the maildrop back, and the sign-off follows its answer: a client that connects again as
     * soon as it has the sign-off finds its maildrop free, where a lock released after the reply (the
     * order of §6) would refuse it.
     */
    void quit(String argument, List<Effect> out) throws ReplyException {
        Arguments.requireNone(argument, "QUIT");
        state.phase = Phase.UPDATE;
        state.decide(out, new Question.CommitDeletions(state.user, state.maildrop.deletedIds()));
    }

    /** RFC 1939 §6: the sign-off after UPDATE tells what is left. */
    static void signOff(SessionState state, List<Effect> out) {
        int left = state.maildrop.count();
        String remaining = left == 0 ? "maildrop empty" : left + (left == 1 ? " message left" : " messages left");
        reply(out, Pop3Reply.ok(state.settings.hostName() + " POP3 server signing off (" + remaining + ")"));
        state.close(out);
    }

    private static long singleNumber(String argument, String usage) throws ReplyException {
        List<String> words = Arguments.words(argument);
        if (words.size() != 1) {
            throw Replies.syntax(usage);
        }
        return Arguments.number(words.get(0), usage);
    }

    private static OptionalLong optionalNumber(String argument, String usage) throws ReplyException {
        List<String> words = Arguments.words(argument);
        if (words.size() > 1) {
            throw Replies.syntax(usage);
        }
        return words.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Arguments.number(words.get(0), usage));
    }
}
