package io.mailfleet.testing.peers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One mail transaction as smtp-sink dumped it (smtp-sink(1), "DUMP FILE FORMAT"): its own header
 * lines {@code X-Client-Addr}, {@code X-Client-Proto}, {@code X-Helo-Args} (when the client sent
 * HELO or EHLO), {@code X-Mail-Args}, one {@code X-Rcpt-Args} per RCPT, a three-line
 * {@code Received} header, then the message as received, then an empty line.
 *
 * <p>smtp-sink reads the data line by line and writes each line with a bare LF, dot-unstuffed. So
 * the content here is the message as it crossed the wire with every line end written back as CRLF:
 * what a line ended with, and bare CRs or LFs within a line, are not kept.
 *
 * @param clientAddress the client's IP address, {@code ipv6:}-prefixed for IPv6
 * @param heloArgs the argument of the last HELO or EHLO, if any
 * @param mailArgs the arguments of MAIL, e.g. {@code <a@example.test> SIZE=120}
 * @param rcptArgs the arguments of each RCPT, in order
 * @param content  the message, each line ended with CRLF
 */
public record SinkMessage(String clientAddress, Optional<String> heloArgs, String mailArgs, List<String> rcptArgs,
                          byte[] content) {

    private static final String RECEIVED = "Received: ";
    private static final int RECEIVED_CONTINUATION_LINES = 2;

    /**
     * The transaction in a dump file, or empty while the file holds no complete one: smtp-sink
     * writes as the client sends, and a session that ended before the data (a refused recipient,
     * say) leaves a dump of its envelope alone.
     */
    static Optional<SinkMessage> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        // Latin-1 maps each byte to one char and back: 8-bit content survives the split untouched.
        List<String> lines = List.of(new String(bytes, StandardCharsets.ISO_8859_1).split("\n", -1));
        String clientAddress = null;
        String helo = null;
        String mail = null;
        List<String> rcpts = new ArrayList<>();
        int line = 0;
        for (; line < lines.size() && !lines.get(line).startsWith(RECEIVED); line++) {
            String header = lines.get(line);
            int colon = header.indexOf(": ");
            if (colon < 0) {
                return Optional.empty();
            }
            String value = header.substring(colon + 2);
            if (header.startsWith("X-Client-Addr: ")) {
                clientAddress = value;
            } else if (header.startsWith("X-Helo-Args: ")) {
                helo = value;
            } else if (header.startsWith("X-Mail-Args: ")) {
                mail = value;
            } else if (header.startsWith("X-Rcpt-Args: ")) {
                rcpts.add(value);
            }
        }
        int contentStart = line + 1 + RECEIVED_CONTINUATION_LINES;
        // The file ends "\n" after the empty line that closes the dump, so the split ends with two empty strings.
        int contentEnd = lines.size() - 2;
        if (clientAddress == null || mail == null || contentStart > contentEnd
                || !lines.get(contentEnd).isEmpty() || !lines.get(contentEnd + 1).isEmpty()) {
            return Optional.empty();
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (String contentLine : lines.subList(contentStart, contentEnd)) {
            content.writeBytes(contentLine.getBytes(StandardCharsets.ISO_8859_1));
            content.writeBytes(new byte[] {'\r', '\n'});
        }
        return Optional.of(new SinkMessage(clientAddress, Optional.ofNullable(helo), mail, List.copyOf(rcpts), content.toByteArray()));
    }

    public String contentAsString() {
        return new String(content, StandardCharsets.UTF_8);
    }
}
