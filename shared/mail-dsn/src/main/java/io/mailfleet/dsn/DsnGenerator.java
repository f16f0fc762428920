package io.mailfleet.dsn;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.apache.james.mime4j.codec.EncoderUtil;

/**
 * Writes delivery status notifications: RFC 6522 multipart/report messages with report-type
 * delivery-status (RFC 3464), made of a text for the sender, the machine-readable report and the
 * returned original (its header section, or the whole message when RET=FULL asks for it in a
 * failure report and it is within the limit).
 *
 * <p>When an address or the original's header section is UTF-8, the parts take the RFC 6533
 * types message/global-delivery-status and message/global-headers or message/global.
 *
 * <p>The MIME structure is written by hand rather than with mime4j's DOM: the original must be
 * copied octet for octet, whatever it holds, while the DOM decodes bodies and writes header
 * fields back its own way; and a DSN's few fields are clearer written out as they go on the
 * wire. mime4j does the one encoding needed, quoted-printable for a non-ASCII text part. No
 * RFC 2047 encoded words are needed: our header fields are ASCII except a UTF-8 To address,
 * which RFC 6532 carries as it is and which encoded words may not stand for anyway.
 *
 * <p>Instances are immutable and can be shared.
 */
public final class DsnGenerator {

    private static final String FROM_DISPLAY_NAME = "Mail Delivery System";
    private static final String PREAMBLE = "This is a delivery status notification in MIME format.\r\n";

    private final DsnLimits limits;
    private final OriginalReader reader;

    public DsnGenerator() {
        this(DsnLimits.DEFAULTS);
    }

    public DsnGenerator(DsnLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.reader = new OriginalReader(limits);
    }

    /**
     * Writes the DSN for a report, reading from the original only what it returns. The stream is
     * not closed. Whether to send one at all is {@link DsnPolicy}'s question, asked before.
     *
     * @param original the original message as stored, from its first octet
     * @throws IOException only when reading the original fails
     */
    public DsnMessage generate(DeliveryReport report, InputStream original) throws IOException {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(original, "original");
        ReturnedOriginal returned = reader.read(original, report.wantsWholeMessage());
        boolean global = report.hasNonAsciiAddress() || returned.hasNonAsciiHeader();
        BodyPart status = statusPart(report, global);
        BodyPart attached = returnedPart(returned, global);
        BodyPart text = textPart(NotificationText.write(report, returned, limits),
                status.contentClass().max(attached.contentClass()));
        List<BodyPart> parts = List.of(text, status, attached);

        String boundary = Boundary.choose(report.queueId(), report.date(),
                parts.stream().map(BodyPart::content).toList());
        ContentClass bodyClass = text.contentClass().max(status.contentClass()).max(attached.contentClass());
        ByteArrayOutputStream out = new ByteArrayOutputStream(attached.content().length + 8 * 1024);
        write(out, header(report, global, boundary, bodyClass));
        write(out, PREAMBLE);
        for (BodyPart part : parts) {
            write(out, "\r\n--" + boundary + "\r\n");
            write(out, part.header());
            out.write(part.content());
        }
        write(out, "\r\n--" + boundary + "--\r\n");
        return new DsnMessage(report.originalSender(), out.toByteArray(), bodyClass.bodyType());
    }

    private static String header(DeliveryReport report, boolean global, String boundary, ContentClass bodyClass) {
        String reportType = global ? "global-delivery-status" : "delivery-status";
        return FieldFolder.field("Date", DsnDates.format(report.date()))
                + FieldFolder.field("From", FROM_DISPLAY_NAME + " <MAILER-DAEMON@" + report.reportingMta().ascii() + ">")
                + FieldFolder.field("To", report.originalSender().toString())
                + FieldFolder.field("Subject", ReportKind.of(report.recipients()).subject())
                + FieldFolder.field("Message-ID", report.messageId())
                // RFC 3834 §5: automatic responses say so, and auto-responders must not answer them.
                + FieldFolder.field("Auto-Submitted", "auto-replied")
                + FieldFolder.field("MIME-Version", "1.0")
                + FieldFolder.field("Content-Type",
                        "multipart/report; report-type=" + reportType + "; boundary=\"" + boundary + "\"")
                + FieldFolder.field("Content-Transfer-Encoding", bodyClass.transferEncoding())
                + "\r\n";
    }

    private static BodyPart statusPart(DeliveryReport report, boolean global) {
        byte[] content = DeliveryStatusFields.write(report, global).getBytes(StandardCharsets.UTF_8);
        ContentClass contentClass = ContentClass.of(content);
        return new BodyPart(global ? "message/global-delivery-status" : "message/delivery-status",
                "Delivery report", contentClass.transferEncoding(), contentClass, content);
    }

    private static BodyPart returnedPart(ReturnedOriginal returned, boolean global) {
        ContentClass contentClass = ContentClass.of(returned.content());
        String type = returned.whole()
                ? (global ? "message/global" : "message/rfc822")
                : (global ? "message/global-headers" : "text/rfc822-headers");
        String description = returned.whole() ? "Returned message" : "Returned message header section";
        return new BodyPart(type, description, contentClass.transferEncoding(), contentClass, returned.content());
    }

    /**
     * UTF-8 text goes as 8bit when another part already needs 8BITMIME, else quoted-printable,
     * so that a DSN that is otherwise ASCII can still pass a relay without 8BITMIME.
     */
    private static BodyPart textPart(String text, ContentClass others) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        ContentClass contentClass = ContentClass.of(utf8);
        if (contentClass == ContentClass.SEVEN_BIT || others != ContentClass.SEVEN_BIT) {
            return new BodyPart("text/plain; charset=utf-8", "Notification", contentClass.transferEncoding(),
                    contentClass, utf8);
        }
        return new BodyPart("text/plain; charset=utf-8", "Notification", "quoted-printable",
                ContentClass.SEVEN_BIT, quotedPrintable(utf8));
    }

    private static byte[] quotedPrintable(byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length * 2);
        try {
            EncoderUtil.encodeQ(new ByteArrayInputStream(text), out);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** One part of the report: the header fields it needs and its octets, ready to write. */
    private record BodyPart(String contentType, String description, String transferEncoding,
            ContentClass contentClass, byte[] content) {

        String header() {
            return FieldFolder.field("Content-Description", description)
                    + FieldFolder.field("Content-Type", contentType)
                    + FieldFolder.field("Content-Transfer-Encoding", transferEncoding)
                    + "\r\n";
        }
    }
}
