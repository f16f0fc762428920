package io.mailfleet.smtp;

/** Checks on the presence of a command's argument, shared by the command groups. */
final class CommandArguments {

    private CommandArguments() {
    }

    static SmtpReply requireArgument(String argument, SmtpReply reply) throws ReplyException {
        if (argument.isEmpty()) {
            throw PathArgument.syntax("argument required");
        }
        return reply;
    }

    static void requireNoArgument(String argument) throws ReplyException {
        if (!argument.isEmpty()) {
            throw new ReplyException(Replies.NO_ARGUMENTS);
        }
    }
}
