package io.mailfleet.smtp;

import static io.mailfleet.smtp.SessionState.reply;

import java.util.List;

/** Applies the wiring's {@link Answer} to the pending {@link Question}. */
final class Decisions {

    private final SessionState state;

    Decisions(SessionState state) {
        this.state = state;
    }

    /** Replies as the answer says; the question is no longer pending afterwards. */
    void answer(Answer answer, List<Effect> out) {
        if (state.pending instanceof Question.CheckRecipient) {
            answerRecipient(answer, out);
        } else if (state.pending instanceof Question.Authenticate) {
            answerAuthentication(answer, out);
        } else {
            answerMessage(answer, out);
        }
        state.pending = null;
    }

    private void answerRecipient(Answer answer, List<Effect> out) {
        Transaction transaction = state.transaction;
        if (answer instanceof Answer.RecipientAccepted) {
            transaction.recipients.add(transaction.candidate);
            reply(out, Replies.RECIPIENT_OK);
        } else if (answer instanceof Answer.Rejected rejected) {
            reply(out, rejected.reply());
        } else {
            throw wrongAnswer(answer);
        }
        transaction.candidate = null;
    }

    private void answerAuthentication(Answer answer, List<Effect> out) {
        if (answer instanceof Answer.Authenticated authenticated) {
            state.identity = authenticated.identity();
            reply(out, Replies.AUTHENTICATED);
        } else if (answer instanceof Answer.AuthenticationFailed) {
            state.fail(out, Replies.AUTH_INVALID);
        } else if (answer instanceof Answer.AuthenticationUnavailable) {
            reply(out, Replies.AUTH_UNAVAILABLE);
        } else {
            throw wrongAnswer(answer);
        }
    }

    private void answerMessage(Answer answer, List<Effect> out) {
        if (answer instanceof Answer.Accepted accepted) {
            reply(out, SmtpReply.of(250, "2.0.0",
                    "Ok: queued as " + accepted.queueId().orElse(state.transaction.envelope.queueId())));
        } else if (answer instanceof Answer.TemporaryFailure) {
            reply(out, Replies.STORE_FAILED);
        } else if (answer instanceof Answer.Rejected rejected) {
            reply(out, rejected.reply());
        } else {
            throw wrongAnswer(answer);
        }
        state.transaction = null;
    }

    private IllegalArgumentException wrongAnswer(Answer answer) {
        return new IllegalArgumentException(answer + " does not answer " + state.pending);
    }
}
