package io.mailfleet.smtp;

import static io.mailfleet.smtp.CommandArguments.requireNoArgument;
import static io.mailfleet.smtp.SessionState.reply;

import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.event.BodyType;
import io.mailfleet.model.event.Listener;
import io.mailfleet.model.event.Recipient;
import io.mailfleet.protocol.InputBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** DATA and BDAT (RFC 5321 §4.1.1.4, RFC 3030): the message is opened, its content read and ended. */
final class MessageTransfer {

    /** RFC 3030 §2: {@code BDAT SP chunk-size [SP end-marker]}. */
    private static final Pattern BDAT = Pattern.compile("([0-9]{1,18})( +LAST)?", Pattern.CASE_INSENSITIVE);

    private final SessionState state;
    private final Clock clock;
    private final MessageIdGenerator ids;
    private DataDecoder data;
    private boolean dataStarted;
    private BdatChunk chunk;

    MessageTransfer(SessionState state, Clock clock, MessageIdGenerator ids) {
        this.state = state;
        this.clock = clock;
        this.ids = ids;
    }

    /** Whether DATA content has begun to arrive, which decides the timeout (RFC 5321 §4.5.3.2). */
    boolean dataStarted() {
        return dataStarted;
    }

    void data(String argument, List<Effect> out) throws ReplyException {
        requireNoArgument(argument);
        requireRecipients();
        if (state.transaction.parameters.body() == BodyType.BINARY_MIME) {
            // RFC 3030 §3: BINARYMIME content is only sent with BDAT.
            throw new ReplyException(Replies.BAD_SEQUENCE);
        }
        openMessage(out);
        reply(out, Replies.START_DATA);
        data = new DataDecoder(state.settings.maxMessageSize(), state.settings.maxTextLine());
        dataStarted = false;
        state.mode = SessionMode.DATA;
    }

    private void requireRecipients() throws ReplyException {
        Transaction transaction = state.transaction;
        if (transaction == null || transaction.envelope != null) {
            throw new ReplyException(Replies.BAD_SEQUENCE);
        }
        if (transaction.recipients.isEmpty()) {
            throw new ReplyException(Replies.NO_RECIPIENTS);
        }
    }

    /**
     * RFC 3030 §2: the chunk follows the command whether or not it is accepted, so even a refused
     * BDAT is read to its end before the reply; only a size we cannot read leaves us out of step.
     */
    void bdat(String argument, List<Effect> out) throws ReplyException {
        Matcher matcher = BDAT.matcher(argument);
        if (!matcher.matches()) {
            throw PathArgument.syntax("BDAT chunk-size [LAST]");
        }
        long size = Long.parseLong(matcher.group(1));
        Transaction transaction = state.transaction;
        SmtpReply refusal = null;
        if (!state.esmtp || transaction == null || transaction.complete) {
            refusal = Replies.BAD_SEQUENCE;
        } else if (transaction.recipients.isEmpty()) {
            refusal = Replies.NO_RECIPIENTS;
        } else if (transaction.envelope == null) {
            openMessage(out);
            BodyType body = transaction.parameters.body();
            chunk = new BdatChunk(body == BodyType.BINARY_MIME ? null : new LineEndChecker());
        }
        chunk = refusal == null ? chunk : new BdatChunk(null);
        chunk.start(size, matcher.group(2) != null, refusal);
        state.mode = SessionMode.BDAT;
    }

    /** At DATA or the first BDAT: the envelope is final, the queue id and trace field are made. */
    private void openMessage(List<Effect> out) {
        SmtpSettings settings = state.settings;
        Transaction transaction = state.transaction;
        String queueId = ids.next().toString();
        String date = TraceFields.dateTime(clock);
        List<Recipient> recipients = transaction.recipients;
        MailParameters parameters = transaction.parameters;
        byte[] received = TraceFields.received(state.helo, state.client.remoteIp(), settings.hostName(),
                TraceFields.protocol(state.esmtp, parameters.smtpUtf8(), state.tlsActive, state.identity != null),
                queueId, recipients.size() == 1 ? Optional.of(recipients.get(0).address()) : Optional.empty(), date);
        Envelope envelope = new Envelope(queueId, transaction.reversePath, recipients, parameters.dsnReturn(),
                parameters.envelopeId(), parameters.body(), parameters.smtpUtf8(), parameters.size(),
                Optional.ofNullable(state.identity), state.tls, state.helo, state.client.remoteIp(),
                settings.listener(), received);
        MessageOutput output = new MessageOutput(received);
        if (settings.listener() != Listener.MX) {
            // RFC 6409 §8: a submission server may complete the header of what a client submits.
            output.completeHeader(settings.maxHeaderBlock(), date, "<" + queueId + "@" + settings.hostName() + ">");
        }
        transaction.envelope = envelope;
        transaction.output = output;
        out.add(new Effect.MessageStarted(envelope));
        output.drainTo(out);
    }

    boolean readData(List<Effect> out) {
        InputBuffer in = state.in;
        if (in.available() == 0) {
            return false;
        }
        dataStarted = true;
        MessageOutput output = state.transaction.output;
        boolean end = data.decode(in, output.content());
        output.drainTo(out);
        if (!end) {
            return false;
        }
        state.mode = SessionMode.COMMAND;
        endMessage(out, data.violation(), data.size());
        data = null;
        return true;
    }

    boolean readChunk(List<Effect> out) {
        InputBuffer in = state.in;
        int count = (int) Math.min(chunk.remaining, in.available());
        if (count > 0) {
            byte[] bytes = in.take(count);
            if (chunk.accept(bytes, state.settings.maxMessageSize())) {
                state.transaction.output.content().write(bytes, 0, bytes.length);
                state.transaction.output.drainTo(out);
            }
        }
        if (chunk.remaining > 0) {
            return false;
        }
        state.mode = SessionMode.COMMAND;
        if (chunk.refusal != null) {
            SmtpReply refusal = chunk.refusal;
            chunk = null;
            if (refusal.code() == 554) {
                reply(out, refusal);
            } else {
                state.fail(out, refusal);
            }
        } else if (chunk.violation != null || chunk.last) {
            endMessage(out, chunk.violationAtEnd(), chunk.total);
            chunk = null;
        } else {
            reply(out, SmtpReply.of(250, "2.0.0", "Ok, " + chunk.size + " octets received"));
        }
        return true;
    }

    /** The end of the content: accept decision, or the abort and the reply for the rule broken. */
    private void endMessage(List<Effect> out, AbortReason violation, long size) {
        if (violation != null) {
            state.abortMessage(out, violation);
            switch (violation) {
                case SIZE_EXCEEDED -> reply(out, Replies.TOO_BIG);
                case LINE_TOO_LONG -> reply(out, Replies.TEXT_LINE_TOO_LONG);
                default -> state.fail(out, Replies.BARE_LINE_END_IN_DATA);
            }
            return;
        }
        Transaction transaction = state.transaction;
        transaction.output.finish();
        transaction.output.drainTo(out);
        transaction.output = null;
        transaction.complete = true;
        out.add(new Effect.MessageComplete(size));
        state.decide(out, new Question.AcceptMessage(transaction.envelope, size));
    }

    void resetTransaction(List<Effect> out, AbortReason reason) {
        state.abortMessage(out, reason);
        state.transaction = null;
        chunk = null;
    }
}
