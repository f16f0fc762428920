package io.mailfleet.smtp;

import static io.mailfleet.smtp.SessionState.reply;

import io.mailfleet.model.address.InvalidAddressException;
import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.Listener;
import io.mailfleet.model.event.Recipient;
import java.util.List;
import java.util.Optional;

/** MAIL and RCPT (RFC 5321 §4.1.1.2, §4.1.1.3): the envelope of a transaction. */
final class EnvelopeCommands {

    private final SessionState state;

    EnvelopeCommands(SessionState state) {
        this.state = state;
    }

    void mail(String argument, List<Effect> out) throws ReplyException {
        SmtpSettings settings = state.settings;
        if (state.helo == null || state.transaction != null) {
            throw new ReplyException(Replies.BAD_SEQUENCE);
        }
        boolean authOffered = EhloCapabilities.authOffered(state);
        if (settings.listener() != Listener.MX && state.identity == null) {
            // RFC 6409 §4.3: submission requires authentication; without TLS that first needs STARTTLS.
            throw new ReplyException(authOffered ? Replies.AUTH_REQUIRED : Replies.TLS_REQUIRED);
        }
        PathArgument path = PathArgument.parse(argument, "FROM:");
        requireExtensions(path);
        MailParameters parameters = MailParameters.parse(path.parameters(), authOffered);
        if (parameters.size().orElse(0) > settings.maxMessageSize()) {
            // RFC 1870 §6.1: refuse before any data is sent.
            throw new ReplyException(Replies.TOO_BIG);
        }
        Optional<MailAddress> sender;
        try {
            sender = MailAddress.parseReversePath(path.path(), parameters.smtpUtf8());
        } catch (InvalidAddressException e) {
            throw addressError(path.path(), parameters.smtpUtf8(), SmtpReply.of(553, "5.1.7", "Bad sender address syntax"));
        }
        state.transaction = new Transaction(sender, parameters);
        reply(out, Replies.SENDER_OK);
    }

    void rcpt(String argument, List<Effect> out) throws ReplyException {
        Transaction transaction = state.transaction;
        if (transaction == null || transaction.envelope != null) {
            throw new ReplyException(Replies.BAD_SEQUENCE);
        }
        if (transaction.recipients.size() >= state.settings.maxRecipients()) {
            // RFC 5321 §4.5.3.1.10: 452, and the client sends the rest in another transaction.
            throw new ReplyException(Replies.TOO_MANY_RECIPIENTS);
        }
        PathArgument path = PathArgument.parse(argument, "TO:");
        requireExtensions(path);
        RcptParameters parameters = RcptParameters.parse(path.parameters());
        MailAddress address = recipientAddress(path.path(), transaction.parameters.smtpUtf8());
        transaction.candidate = new Recipient(address.toString(), parameters.dsnNotify(), parameters.originalRecipient());
        state.decide(out, new Question.CheckRecipient(address, Optional.ofNullable(state.identity)));
    }

    private MailAddress recipientAddress(String path, boolean smtpUtf8) throws ReplyException {
        try {
            if (path.equalsIgnoreCase("<postmaster>")) {
                // RFC 5321 §4.5.1: the bare Postmaster must be accepted; it is the mailbox the operator named.
                return state.settings.postmaster();
            }
            return MailAddress.parsePath(path, smtpUtf8);
        } catch (InvalidAddressException e) {
            throw addressError(path, smtpUtf8, SmtpReply.of(501, "5.1.3", "Bad recipient address syntax"));
        }
    }

    /** RFC 6531 §3.5: a UTF-8 address without SMTPUTF8 gets 553 5.6.7, other bad syntax its own reply. */
    private static ReplyException addressError(String path, boolean smtpUtf8, SmtpReply syntax) {
        if (!smtpUtf8) {
            try {
                MailAddress.parsePath(path, true);
                return new ReplyException(Replies.NEED_UTF8);
            } catch (InvalidAddressException e) {
                return new ReplyException(syntax);
            }
        }
        return new ReplyException(syntax);
    }

    /** Parameters belong to the service extensions, which only EHLO negotiates (RFC 5321 §4.1.1.1). */
    private void requireExtensions(PathArgument path) throws ReplyException {
        if (!state.esmtp && !path.parameters().isEmpty()) {
            throw MailParameters.unknown();
        }
    }
}
