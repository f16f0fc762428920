package io.mailfleet.dsn;

import java.util.ArrayList;
import java.util.List;

/**
 * The first part of a DSN: for the sender, in plain words, what happened to each recipient and
 * what the remote server said. Lines are wrapped to 78 octets; a word longer than a line is
 * broken, which is harmless here since the exact reply is in the delivery-status part.
 */
final class NotificationText {

    private static final int WIDTH = FieldFolder.PREFERRED_LINE_OCTETS;
    private static final String DETAIL = "    ";
    private static final String DETAIL_CONTINUED = "        ";

    private final List<String> lines = new ArrayList<>();

    private NotificationText() {
    }

    /** The text with CRLF line ends. */
    static String write(DeliveryReport report, ReturnedOriginal returned, DsnLimits limits) {
        NotificationText text = new NotificationText();
        text.paragraph("This is the mail delivery system at " + report.reportingMta().ascii() + ".");
        text.paragraph(ReportKind.of(report.recipients()).opening());
        for (RecipientReport recipient : report.recipients()) {
            text.recipient(recipient);
            text.lines.add("");
        }
        text.wrap("Your message arrived on " + DsnDates.format(report.arrivalDate()) + " and has queue id "
                + report.queueId() + ".", "", "");
        text.wrap(returnedSentence(returned, limits), "", "");
        return String.join("\r\n", text.lines) + "\r\n";
    }

    private void paragraph(String sentence) {
        wrap(sentence, "", "");
        lines.add("");
    }

    private void recipient(RecipientReport recipient) {
        wrap("<" + recipient.finalRecipient().toUnicodeString() + ">: " + outcome(recipient.action())
                + " (status " + recipient.status() + ")", "", DETAIL);
        recipient.originalRecipient().ifPresent(orcpt -> wrap(
                "Originally addressed to: " + FieldText.originalRecipient(orcpt, true), DETAIL, DETAIL_CONTINUED));
        recipient.remoteMta().ifPresent(host -> wrap("Remote server: " + host.unicode(), DETAIL, DETAIL_CONTINUED));
        wrap("Last attempt: " + DsnDates.format(recipient.lastAttemptDate()), DETAIL, DETAIL_CONTINUED);
        recipient.diagnosticCode().ifPresent(diagnostic -> wrap(
                (diagnostic.isSmtp() ? "Server reply: " : "Reason: ") + diagnostic.text(), DETAIL, DETAIL_CONTINUED));
        recipient.willRetryUntil().ifPresent(until -> wrap("Retrying until: " + DsnDates.format(until),
                DETAIL, DETAIL_CONTINUED));
    }

    private static String outcome(DsnAction action) {
        return switch (action) {
            case FAILED -> "could not be delivered";
            case DELAYED -> "not delivered yet, still trying";
            case DELIVERED -> "delivered";
            case RELAYED -> "passed on to a mail system that sends no delivery reports";
            case EXPANDED -> "delivered to a list or alias, which passed it on to its members";
        };
    }

    private static String returnedSentence(ReturnedOriginal returned, DsnLimits limits) {
        if (returned.whole()) {
            return "Your message is attached.";
        }
        String sentence = returned.tooLarge()
                ? "Your message is larger than " + limits.maxReturnedMessageBytes()
                        + " octets, so only its header section is attached."
                : "The header section of your message is attached.";
        return returned.headerCut()
                ? sentence + " It is longer than " + limits.maxReturnedHeaderBytes()
                        + " octets, so it is cut after the last whole field that fits."
                : sentence;
    }

    /** Adds the text as lines of at most WIDTH octets where its words allow. */
    private void wrap(String text, String firstIndent, String nextIndent) {
        StringBuilder line = new StringBuilder(firstIndent);
        int lineOctets = firstIndent.length();
        boolean lineHasWord = false;
        for (String word : text.trim().split(" +")) {
            for (String piece : FieldFolder.pieces(word, WIDTH - nextIndent.length())) {
                int octets = FieldText.utf8Length(piece);
                if (lineHasWord && lineOctets + 1 + octets > WIDTH) {
                    lines.add(line.toString());
                    line = new StringBuilder(nextIndent);
                    lineOctets = nextIndent.length();
                    lineHasWord = false;
                }
                if (lineHasWord) {
                    line.append(' ');
                    lineOctets++;
                }
                line.append(piece);
                lineOctets += octets;
                lineHasWord = true;
            }
        }
        lines.add(line.toString());
    }
}
