package io.mailfleet.delivery.inbound;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The digest of a message as its SMTP client sent it: the stored body without the fields
 * smtp-ingress put before the client's octets for this one transaction. Those are its
 * {@code Received:} field, which names the transaction's queue id and differs on every attempt, and
 * on submission the {@code Date:} and {@code Message-ID: <queue id@host>} it adds when the client
 * sent none (both added together before the client's header, so when they are found together they
 * are certainly ours). A {@code Date:} added alone cannot be told from a client's own first field,
 * so it stays in the digest: such a message gets a digest of its own on each attempt.
 *
 * <p>A body that does not start with ingress's trace field for the event's queue id (a bounce, mail
 * not received over SMTP) has no client digest.
 */
final class ClientContent {

    /** Ingress's fields are short; a first field longer than this is not one of them. */
    static final int MAX_TRACE = 8192;

    private static final byte[] RECEIVED = ascii("Received: from ");
    private static final byte[] DATE = ascii("Date: ");

    private ClientContent() {
    }

    /**
     * SHA-256 of the reverse-path (empty for the null sender), a NUL, and the client's octets read
     * from {@code stored}; empty when the body does not start with our trace field of {@code queueId}.
     */
    static Optional<byte[]> digest(String queueId, String sender, InputStream stored) throws IOException {
        byte[] head = stored.readNBytes(MAX_TRACE);
        int received = fieldEnd(head, 0);
        if (received < 0 || !startsWith(head, 0, RECEIVED) || !namesQueueId(head, received, queueId)) {
            return Optional.empty();
        }
        int clientStart = received + addedOnSubmission(head, received, queueId);
        MessageDigest sha256 = sha256();
        sha256.update(sender.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        sha256.update(head, clientStart, head.length - clientStart);
        byte[] buffer = new byte[16 * 1024];
        for (int read = stored.read(buffer); read >= 0; read = stored.read(buffer)) {
            sha256.update(buffer, 0, read);
        }
        return Optional.of(sha256.digest());
    }

    /** The length of the Date and Message-ID lines ingress added at {@code at}, or 0. */
    private static int addedOnSubmission(byte[] head, int at, String queueId) {
        int messageIdAt = at;
        if (startsWith(head, at, DATE)) {
            messageIdAt = lineEnd(head, at);
            if (messageIdAt < 0 || !ourMessageId(head, messageIdAt, queueId)) {
                return 0;
            }
        }
        if (!ourMessageId(head, messageIdAt, queueId)) {
            return 0;
        }
        return lineEnd(head, messageIdAt) - at;
    }

    private static boolean ourMessageId(byte[] head, int at, String queueId) {
        return startsWith(head, at, ascii("Message-ID: <" + queueId + "@")) && lineEnd(head, at) > 0;
    }

    /** Whether the unfolded field before {@code end} carries {@code id QUEUEID} as a whole word. */
    private static boolean namesQueueId(byte[] head, int end, String queueId) {
        String field = new String(head, 0, end, StandardCharsets.ISO_8859_1).replace("\r\n", "");
        String token = " id " + queueId;
        for (int at = field.indexOf(token); at >= 0; at = field.indexOf(token, at + 1)) {
            int after = at + token.length();
            if (after == field.length() || " \t;".indexOf(field.charAt(after)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The offset after the CRLF that ends the header field at {@code start}, folded lines included; -1 if not in {@code head}. */
    private static int fieldEnd(byte[] head, int start) {
        for (int end = lineEnd(head, start); end > 0; end = lineEnd(head, end)) {
            if (end == head.length || (head[end] != ' ' && head[end] != '\t')) {
                return end < head.length ? end : -1;
            }
        }
        return -1;
    }

    /** The offset after the next CRLF from {@code start}; -1 if there is none in {@code head}. */
    private static int lineEnd(byte[] head, int start) {
        for (int i = start; i + 1 < head.length; i++) {
            if (head[i] == '\r' && head[i + 1] == '\n') {
                return i + 2;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] head, int at, byte[] prefix) {
        if (at < 0 || at + prefix.length > head.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (head[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
