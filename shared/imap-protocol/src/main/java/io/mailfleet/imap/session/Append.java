package io.mailfleet.imap.session;

import java.util.List;

import io.mailfleet.imap.command.CommandKind;
import io.mailfleet.imap.response.Continuation;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.response.StatusResponse;
import io.mailfleet.imap.wire.ReaderEvent;

/**
 * APPEND (RFC 9051 §6.3.12, MULTIAPPEND RFC 3502): each message is opened by the gateway before its octets
 * are read, streamed to it as {@link Effect.AppendData}, and all are committed together at the end.
 */
final class Append {

    private String tag;
    private int opened;
    private ReaderEvent.AppendMessageStart waiting;

    void event(ImapSession session, ReaderEvent event, List<Effect> out) {
        if (event instanceof ReaderEvent.AppendMessageStart start) {
            if (!CommandKind.APPEND.isLegalIn(session.state())) {
                session.reader().refuseLiteral();
                session.bad(out, start.tag(), "Command not valid in this state");
                return;
            }
            tag = start.tag();
            waiting = start;
            String mailbox;
            try {
                mailbox = Question.decodeMailbox(start.mailbox(), session.utf8());
            } catch (IllegalArgumentException e) {
                refuse(session, out, StatusResponse.tagged(tag, StatusResponse.Condition.NO,
                        ResponseCode.Simple.TRYCREATE, "No such mailbox"));
                return;
            }
            session.ask(new Question.AppendMessage(tag, mailbox, start.flags(), start.internalDate(), start.size(),
                    start.binary(), session.context()), null, out);
        } else if (event instanceof ReaderEvent.AppendChunk chunk) {
            out.add(new Effect.AppendData(chunk.octets()));
        } else if (event instanceof ReaderEvent.AppendDone done) {
            session.ask(new Question.AppendCommit(done.tag(), done.messages(), false), null, out);
        } else if (!(event instanceof ReaderEvent.AppendMessageEnd)) {
            throw new IllegalStateException("unexpected reader event " + event);
        }
    }

    void answered(ImapSession session, Question question, Answer answer, List<Effect> out) {
        if (question instanceof Question.AppendCommit commit) {
            String committed = tag;
            reset();
            if (!commit.aborted()) {
                Answer.Completed completed = (Answer.Completed) answer;
                completed.untagged().forEach(response -> session.write(out, response));
                session.finish(out, ImapSession.status(committed, completed.condition(), completed.code(),
                        completed.text()));
            }
            return;
        }
        if (answer instanceof Answer.Proceed) {
            opened++;
            if (waiting.synchronizing()) {
                session.reader().acceptLiteral();
                session.write(out, Continuation.text("Ready for literal data"));
            }
            waiting = null;
            return;
        }
        Answer.Completed refused = (Answer.Completed) answer;
        refuse(session, out, ImapSession.status(tag, refused.condition(), refused.code(), refused.text()));
    }

    /** The client broke off an APPEND whose messages the gateway opened: they are dropped. */
    void abort(ImapSession session, List<Effect> out) {
        if (opened > 0) {
            session.ask(new Question.AppendCommit(tag, opened, true), null, out);
        }
        reset();
    }

    private void refuse(ImapSession session, List<Effect> out, StatusResponse response) {
        session.reader().refuseLiteral();
        int openedBefore = opened;
        String refusedTag = tag;
        reset();
        session.write(out, response);
        if (openedBefore > 0) {
            session.ask(new Question.AppendCommit(refusedTag, openedBefore, true), null, out);
        }
    }

    private void reset() {
        tag = null;
        opened = 0;
        waiting = null;
    }
}
