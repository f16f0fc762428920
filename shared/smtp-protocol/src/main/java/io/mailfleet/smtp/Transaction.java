package io.mailfleet.smtp;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.Recipient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One mail transaction, from MAIL to the reply after the end of data (RFC 5321 §3.3). */
final class Transaction {

    final Optional<MailAddress> reversePath;
    final MailParameters parameters;
    final List<Recipient> recipients = new ArrayList<>();
    /** The recipient being checked by the wiring. */
    Recipient candidate;
    /** Set when the message is opened, at DATA or the first BDAT. */
    Envelope envelope;
    /** The message output, while content is being received. */
    MessageOutput output;
    /** Whether the content is complete and waits for the accept decision. */
    boolean complete;

    Transaction(Optional<MailAddress> reversePath, MailParameters parameters) {
        this.reversePath = reversePath;
        this.parameters = parameters;
    }

    /** A message was started and neither completed nor aborted. */
    boolean messageOpen() {
        return envelope != null && !complete;
    }
}
