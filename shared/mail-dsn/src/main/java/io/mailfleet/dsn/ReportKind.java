package io.mailfleet.dsn;

import java.util.List;

/**
 * What a DSN is about as a whole, for its Subject and opening words: a report with any failure is
 * a bounce, else one with a delay is a warning, else it reports success.
 */
enum ReportKind {
    FAILURE("Undelivered Mail Returned to Sender",
            "Your message could not be delivered to one or more of its recipients. The mail system"
                    + " has stopped trying; the details are below."),
    DELAY("Delayed Mail (still being retried)",
            "Your message has not yet been delivered to one or more of its recipients. The mail"
                    + " system is still trying and will tell you if it gives up. You do not need to"
                    + " send the message again."),
    SUCCESS("Successful Mail Delivery Report",
            "As you asked, this reports the delivery of your message to the recipients below.");

    private final String subject;
    private final String opening;

    ReportKind(String subject, String opening) {
        this.subject = subject;
        this.opening = opening;
    }

    String subject() {
        return subject;
    }

    String opening() {
        return opening;
    }

    static ReportKind of(List<RecipientReport> recipients) {
        if (recipients.stream().anyMatch(recipient -> recipient.action() == DsnAction.FAILED)) {
            return FAILURE;
        }
        if (recipients.stream().anyMatch(recipient -> recipient.action() == DsnAction.DELAYED)) {
            return DELAY;
        }
        return SUCCESS;
    }
}
