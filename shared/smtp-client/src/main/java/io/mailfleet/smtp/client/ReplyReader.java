package io.mailfleet.smtp.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Frames replies out of the octets received from the server, however they are split (RFC 5321
 * §4.2). Bounded: a line longer than {@link #MAX_LINE_OCTETS}, a reply of more than
 * {@link #MAX_LINES} lines or more than {@link #MAX_BUFFERED_OCTETS} unread octets are a
 * {@link MalformedReplyException}, after which the reader is of no further use.
 */
public final class ReplyReader {

    /**
     * Octets of one reply line including its line end. RFC 5321 §4.5.3.1.5 sets 512; real servers
     * exceed it with long texts, so we allow four times that before calling it garbage.
     */
    public static final int MAX_LINE_OCTETS = 2048;
    /** Lines of one reply; the longest EHLO replies have a few dozen. */
    public static final int MAX_LINES = 100;
    /** Octets held unread: replies to a pipelined group arrive together, but not without bound. */
    public static final int MAX_BUFFERED_OCTETS = MAX_LINE_OCTETS * MAX_LINES;

    private static final Pattern ENHANCED_PREFIX = Pattern.compile("^([245]\\.\\d{1,3}\\.\\d{1,3})(?: |$)");

    private byte[] data = new byte[1024];
    private int start;
    private int end;
    private final List<String> lines = new ArrayList<>();
    private int code;

    /** Appends octets as received. */
    public void feed(byte[] bytes, int offset, int length) throws MalformedReplyException {
        if (end - start + length > MAX_BUFFERED_OCTETS) {
            throw new MalformedReplyException("more than " + MAX_BUFFERED_OCTETS + " octets of replies unread");
        }
        if (end + length > data.length) {
            int size = end - start;
            byte[] grown = size + length > data.length ? new byte[Math.max(data.length * 2, size + length)] : data;
            System.arraycopy(data, start, grown, 0, size);
            data = grown;
            start = 0;
            end = size;
        }
        System.arraycopy(bytes, offset, data, end, length);
        end += length;
    }

    /** The next complete reply, or empty until more octets are fed. */
    public Optional<Reply> next() throws MalformedReplyException {
        while (true) {
            int lineEnd = indexOfLf(Math.min(end, start + MAX_LINE_OCTETS));
            if (lineEnd < 0) {
                if (end - start >= MAX_LINE_OCTETS) {
                    throw new MalformedReplyException("reply line longer than " + MAX_LINE_OCTETS + " octets");
                }
                return Optional.empty();
            }
            // A bare LF ends a line too: being lenient here costs nothing and some servers do it.
            int textEnd = lineEnd > start && data[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            String line = new String(data, start, textEnd - start, StandardCharsets.UTF_8);
            start = lineEnd + 1;
            if (addLine(line)) {
                return Optional.of(complete());
            }
        }
    }

    /**
     * Drops the octets received and not yet read. After the 220 to STARTTLS nothing sent in
     * plaintext may be taken as coming from the TLS session: an attacker could have injected it.
     */
    public void discard() {
        start = 0;
        end = 0;
        lines.clear();
    }

    /** True when the line ends the reply. */
    private boolean addLine(String line) throws MalformedReplyException {
        if (line.length() < 3 || !isReplyCode(line) || line.length() > 3 && " -".indexOf(line.charAt(3)) < 0) {
            throw new MalformedReplyException("not a reply line: " + printable(line));
        }
        int lineCode = Integer.parseInt(line.substring(0, 3));
        if (lines.isEmpty()) {
            code = lineCode;
        } else if (lineCode != code) {
            throw new MalformedReplyException("reply line " + lineCode + " inside reply " + code);
        }
        if (lines.size() == MAX_LINES) {
            throw new MalformedReplyException("reply longer than " + MAX_LINES + " lines");
        }
        lines.add(line.length() > 4 ? line.substring(4) : "");
        return line.length() == 3 || line.charAt(3) == ' ';
    }

    /** RFC 5321 §4.2: {@code %x32-35 %x30-35 %x30-39}. */
    private static boolean isReplyCode(String line) {
        char first = line.charAt(0);
        char second = line.charAt(1);
        char third = line.charAt(2);
        return first >= '2' && first <= '5' && second >= '0' && second <= '5' && third >= '0' && third <= '9';
    }

    private Reply complete() {
        Optional<String> enhanced = Optional.empty();
        Matcher first = ENHANCED_PREFIX.matcher(lines.get(0));
        if (first.find() && first.group(1).charAt(0) - '0' == code / 100) {
            enhanced = Optional.of(first.group(1));
        }
        List<String> texts = new ArrayList<>(lines.size());
        for (String line : lines) {
            texts.add(enhanced.isPresent() ? withoutPrefix(line, enhanced.get()) : line);
        }
        lines.clear();
        if (start == end) {
            start = 0;
            end = 0;
        }
        return new Reply(code, enhanced, texts);
    }

    /** RFC 2034 §4 puts the enhanced code on every line; some servers only on the first. */
    private static String withoutPrefix(String line, String enhanced) {
        if (line.equals(enhanced)) {
            return "";
        }
        return line.startsWith(enhanced + " ") ? line.substring(enhanced.length() + 1) : line;
    }

    private int indexOfLf(int limit) {
        for (int i = start; i < limit; i++) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Enough of a bad line to recognise it in a log, without control characters. */
    private static String printable(String line) {
        String head = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        char[] chars = head.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] < ' ' || chars[i] == 0x7F) {
                chars[i] = '?';
            }
        }
        return "\"" + new String(chars) + "\"";
    }
}
