package io.mailfleet.smtp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Adds the {@code Date} and {@code Message-ID} fields a submitted message lacks (RFC 6409 §8.2,
 * §8.3). Whether they are present is known only at the end of the header block, so the block is
 * held until its blank line; a block longer than the bound is passed on unchanged, keeping memory
 * bounded at the cost of not completing it.
 */
final class HeaderCompleter implements ContentSink {

    private static final int CRLF = '\r' << 8 | '\n';

    private final ContentSink next;
    private final int maxHeader;
    private final String date;
    private final String messageId;
    private ByteArrayOutputStream held = new ByteArrayOutputStream();
    /** The last four octets held, the latest in the low byte. */
    private int tail;

    /**
     * @param date the Date field value to add, RFC 5322 §3.3 format
     * @param messageId the Message-ID field value to add, with its angle brackets
     */
    HeaderCompleter(ContentSink next, int maxHeader, String date, String messageId) {
        this.next = next;
        this.maxHeader = maxHeader;
        this.date = date;
        this.messageId = messageId;
    }

    @Override
    public void write(byte value) {
        if (held == null) {
            next.write(value);
            return;
        }
        held.write(value);
        tail = tail << 8 | value & 0xFF;
        if (value == '\n' && endsHeader()) {
            release(true);
        } else if (held.size() > maxHeader) {
            release(false);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (held == null) {
                next.write(bytes, i, offset + length - i);
                return;
            }
            write(bytes[i]);
        }
    }

    /** At the end of the content: a message that is all header is completed too. */
    void finish() {
        if (held != null) {
            release(true);
        }
    }

    /** A blank line: the content starts with CRLF, or CRLF CRLF was just written. */
    private boolean endsHeader() {
        int n = held.size();
        return n == 2 && (tail & 0xFFFF) == CRLF || n >= 4 && tail == (CRLF << 16 | CRLF);
    }

    private void release(boolean complete) {
        byte[] header = held.toByteArray();
        held = null;
        if (complete) {
            String fields = new String(header, StandardCharsets.ISO_8859_1);
            StringBuilder added = new StringBuilder();
            if (!hasField(fields, "date")) {
                added.append("Date: ").append(date).append("\r\n");
            }
            if (!hasField(fields, "message-id")) {
                added.append("Message-ID: ").append(messageId).append("\r\n");
            }
            byte[] addedBytes = added.toString().getBytes(StandardCharsets.US_ASCII);
            next.write(addedBytes, 0, addedBytes.length);
        }
        next.write(header, 0, header.length);
    }

    /** A field starts a line with its name, optional white space, then a colon (RFC 5322 §2.2, §4.5.1). */
    private static boolean hasField(String header, String name) {
        for (String line : header.split("\r\n", -1)) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith(name) && lower.substring(name.length()).stripLeading().startsWith(":")) {
                return true;
            }
        }
        return false;
    }
}
