package io.mailfleet.smtp.client;

import io.mailfleet.model.event.BodyType;
import io.mailfleet.model.event.Recipient;
import java.util.Arrays;
import java.util.List;

/**
 * One transaction on the wire: MAIL FROM, RCPT TO for each recipient, then DATA or BDAT, and the
 * outcome of each recipient as the replies come in.
 */
final class TransactionRun {

    private final SessionState state;
    private final MailTransaction transaction;
    private final Capabilities server;
    private final boolean pipelined;
    private final boolean chunked;
    /** Null while undecided; an accepted recipient stays undecided until the end of data. */
    private final RecipientResult[] results;
    private int rcptReplies;
    private int acceptedRecipients;
    private boolean mailAnswered;
    private boolean mailAccepted;
    private boolean mailRefused;
    /** A server said 354 to a DATA it should have refused; we sent an empty message's dot. */
    private boolean endingUnwantedData;

    TransactionRun(SessionState state, MailTransaction transaction) {
        this.state = state;
        this.transaction = transaction;
        this.server = state.capabilities;
        this.pipelined = server.pipelining();
        this.chunked = transaction.bodyType() == BodyType.BINARY_MIME;
        this.results = new RecipientResult[transaction.recipients().size()];
    }

    /** Every recipient fails permanently, nothing having been sent. */
    static TransactionResult refused(MailTransaction transaction, Diagnosis why) {
        return all(transaction, DeliveryStatus.PERMANENT, Stage.MAIL, why, TransactionResult.Retry.NONE);
    }

    /** Every recipient fails temporarily, nothing having been sent. */
    static TransactionResult failAll(MailTransaction transaction, Diagnosis why, Stage stage,
            TransactionResult.Retry retry) {
        return all(transaction, DeliveryStatus.TEMPORARY, stage, why, retry);
    }

    private static TransactionResult all(MailTransaction transaction, DeliveryStatus status, Stage stage,
            Diagnosis why, TransactionResult.Retry retry) {
        List<RecipientResult> results = transaction.recipients().stream()
                .map(recipient -> new RecipientResult(recipient, status, stage, why)).toList();
        return new TransactionResult(results, retry, false);
    }

    /** The server answered MAIL FROM, whatever it said: it has seen this transaction. */
    boolean mailAnswered() {
        return mailAnswered;
    }

    void start(List<Effect> out) {
        String mail = EnvelopeCommands.mailFrom(transaction, server);
        if (!pipelined) {
            state.send(out, mail, Awaited.MAIL);
            return;
        }
        // RFC 2920 §3.1: MAIL, every RCPT and DATA go in one write, their replies match in order.
        // BDAT is not sent ahead: its chunk is the whole message, wasted if no recipient is taken.
        StringBuilder group = new StringBuilder(mail);
        state.awaited.add(Awaited.MAIL);
        for (Recipient recipient : transaction.recipients()) {
            group.append(EnvelopeCommands.rcptTo(recipient, server));
            state.awaited.add(Awaited.RCPT);
        }
        if (!chunked) {
            group.append("DATA\r\n");
            state.awaited.add(Awaited.DATA);
        }
        state.write(out, group.toString());
    }

    void onReply(Awaited command, Reply reply, List<Effect> out) throws MalformedReplyException {
        switch (command) {
            case MAIL -> onMail(reply, out);
            case RCPT -> onRcpt(reply, out);
            case DATA -> onData(reply, out);
            case END_OF_DATA -> onEndOfData(reply, out);
            default -> throw new IllegalStateException(command + " is not a transaction command");
        }
    }

    /** The wiring has sent the message; the server's verdict on it comes next. */
    void bodySent() {
        state.awaited.add(Awaited.END_OF_DATA);
    }

    /** Undecided recipients fail temporarily: the session ended under the transaction. */
    TransactionResult failPending(Diagnosis why, Stage stage, TransactionResult.Retry retry) {
        decidePending(DeliveryStatus.TEMPORARY, stage, why);
        return result(retry);
    }

    TransactionResult result(TransactionResult.Retry retry) {
        return new TransactionResult(Arrays.asList(results), retry, server.dsn());
    }

    private void onMail(Reply reply, List<Effect> out) throws MalformedReplyException {
        mailAnswered = true;
        if (reply.isPositive()) {
            mailAccepted = true;
            if (!pipelined) {
                sendRcpt(0, out);
            }
            return;
        }
        // The refusal of the sender is every recipient's outcome.
        decidePending(failureStatus(reply, "MAIL FROM"), Stage.MAIL, new Diagnosis.Remote(reply));
        mailRefused = true;
        if (!pipelined) {
            state.finishRun(false, out);
        }
        // Pipelined, the refusals of RCPT and DATA that follow are read before the result.
    }

    private void onRcpt(Reply reply, List<Effect> out) throws MalformedReplyException {
        int index = rcptReplies++;
        if (!mailRefused) {
            if (reply.isPositive()) {
                acceptedRecipients++;
            } else {
                // 452 (too many recipients, RFC 5321 §4.5.3.1.10) lands here as temporary.
                results[index] = new RecipientResult(transaction.recipients().get(index),
                        failureStatus(reply, "RCPT TO"), Stage.RCPT, new Diagnosis.Remote(reply));
            }
        }
        if (rcptReplies < results.length) {
            if (!pipelined) {
                sendRcpt(rcptReplies, out);
            }
            return;
        }
        if (pipelined && !chunked) {
            return;
        }
        if (mailRefused || acceptedRecipients == 0) {
            state.finishRun(mailAccepted, out);
        } else if (chunked) {
            state.write(out, "BDAT " + transaction.size() + " LAST\r\n");
            state.phase = SessionState.Phase.SENDING_BODY;
            out.add(new Effect.SendBody(BodyFraming.CHUNK));
        } else {
            // Without pipelining, DATA only once a recipient is taken (RFC 5321 §3.3).
            state.send(out, "DATA\r\n", Awaited.DATA);
        }
    }

    private void onData(Reply reply, List<Effect> out) throws MalformedReplyException {
        boolean go = reply.code() == 354;
        if (!go && !reply.isTransient() && !reply.isPermanent()) {
            throw new MalformedReplyException("reply " + reply.code() + " to DATA");
        }
        if (mailRefused || acceptedRecipients == 0) {
            if (go) {
                // RFC 2920 §3.1 has the server refuse this DATA; one that does not gets an empty
                // message, ended at once, which it can deliver to no one.
                endingUnwantedData = true;
                state.send(out, ".\r\n", Awaited.END_OF_DATA);
            } else {
                state.finishRun(mailAccepted, out);
            }
            return;
        }
        if (go) {
            state.phase = SessionState.Phase.SENDING_BODY;
            out.add(new Effect.SendBody(BodyFraming.DOT_STUFFED));
            return;
        }
        decidePending(failureStatus(reply, "DATA"), Stage.DATA_INITIATION, new Diagnosis.Remote(reply));
        state.finishRun(true, out);
    }

    private void onEndOfData(Reply reply, List<Effect> out) throws MalformedReplyException {
        if (!endingUnwantedData) {
            DeliveryStatus status = reply.isPositive() ? DeliveryStatus.DELIVERED : failureStatus(reply, "end of data");
            decidePending(status, Stage.DATA_TERMINATION, new Diagnosis.Remote(reply));
        }
        // After the reply to the end of data the server has closed the transaction itself.
        state.finishRun(false, out);
    }

    private void sendRcpt(int index, List<Effect> out) {
        state.send(out, EnvelopeCommands.rcptTo(transaction.recipients().get(index), server), Awaited.RCPT);
    }

    private void decidePending(DeliveryStatus status, Stage stage, Diagnosis why) {
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                results[i] = new RecipientResult(transaction.recipients().get(i), status, stage, why);
            }
        }
    }

    /** The verdict of a refusal; a 2xx or 3xx where a refusal was due is no SMTP we know. */
    private static DeliveryStatus failureStatus(Reply reply, String command) throws MalformedReplyException {
        if (reply.isTransient()) {
            return DeliveryStatus.TEMPORARY;
        }
        if (reply.isPermanent()) {
            return DeliveryStatus.PERMANENT;
        }
        throw new MalformedReplyException("reply " + reply.code() + " to " + command);
    }
}
