package io.mailfleet.pop3;

import static io.mailfleet.pop3.SessionState.reply;

import java.util.List;

/** Applies the wiring's {@link Answer} to the pending {@link Question}. */
final class Decisions {

    private final SessionState state;

    Decisions(SessionState state) {
        this.state = state;
    }

    /** Responds as the answer says; the question is no longer pending afterwards, though another may be. */
    void answer(Answer answer, List<Effect> out) {
        Question question = state.pending;
        state.pending = null;
        if (question instanceof Question.Authenticate) {
            answerAuthentication(question, answer, out);
        } else if (question instanceof Question.OpenMaildrop) {
            answerMaildrop(question, answer, out);
        } else if (question instanceof Question.SendMessage) {
            answerTransfer(question, answer, out);
        } else {
            answerCommit(question, answer, out);
        }
    }

    /** RFC 1939 §4: valid credentials lead straight to opening the maildrop; the +OK waits for that. */
    private void answerAuthentication(Question question, Answer answer, List<Effect> out) {
        if (answer instanceof Answer.Authenticated authenticated) {
            state.user = authenticated.user();
            state.decide(out, new Question.OpenMaildrop(authenticated.user()));
        } else if (answer instanceof Answer.Rejected) {
            state.loginFailed(out, Replies.AUTH_FAILED);
        } else if (answer instanceof Answer.Unavailable) {
            reply(out, Replies.AUTH_UNAVAILABLE);
        } else {
            throw wrongAnswer(question, answer);
        }
    }

    /** RFC 1939 §4: a maildrop that cannot be opened leaves the session in AUTHORIZATION. */
    private void answerMaildrop(Question question, Answer answer, List<Effect> out) {
        if (answer instanceof Answer.Opened opened) {
            state.maildrop = new Maildrop(opened.messages());
            state.phase = Phase.TRANSACTION;
            reply(out, Pop3Reply.ok(state.user + "'s maildrop has "
                    + Replies.messages(state.maildrop.count(), state.maildrop.octets())));
            return;
        }
        if (answer instanceof Answer.InUse) {
            reply(out, Replies.IN_USE);
        } else if (answer instanceof Answer.Unavailable) {
            reply(out, Replies.MAILDROP_UNAVAILABLE);
        } else {
            throw wrongAnswer(question, answer);
        }
        state.user = null;
    }

    /**
     * A message the store cannot give now is a temporary error before anything was sent; a multi-line
     * response that broke off cannot be ended validly, so then nothing more is said (RFC 1939 §3).
     */
    private void answerTransfer(Question question, Answer answer, List<Effect> out) {
        if (answer instanceof Answer.TransferFailed) {
            state.close(out);
        } else if (answer instanceof Answer.Unavailable) {
            reply(out, Replies.MESSAGE_UNAVAILABLE);
        } else if (!(answer instanceof Answer.Transferred)) {
            throw wrongAnswer(question, answer);
        }
    }

    /**
     * RFC 1939 §6: the session ends after UPDATE whether or not the deletions could be made. With none
     * to make, the sign-off is the same either way: only the lock's release could have failed, and its
     * time to live frees the maildrop.
     */
    private void answerCommit(Question question, Answer answer, List<Effect> out) {
        boolean nothingToDelete = ((Question.CommitDeletions) question).uniqueIds().isEmpty();
        if (answer instanceof Answer.Committed || answer instanceof Answer.Unavailable && nothingToDelete) {
            TransactionCommands.signOff(state, out);
        } else if (answer instanceof Answer.Unavailable) {
            reply(out, Replies.DELETIONS_FAILED);
            state.close(out);
        } else {
            throw wrongAnswer(question, answer);
        }
    }

    private IllegalArgumentException wrongAnswer(Question question, Answer answer) {
        // The question stays pending: the wiring may still give the answer it meant.
        state.pending = question;
        return new IllegalArgumentException(answer + " does not answer " + question);
    }
}
