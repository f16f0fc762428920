package io.mailfleet.model.event;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The digest of a message as its SMTP client sent it (docs/architecture.md, "Retried messages"),
 * computed over the stored body as it streams past: smtp-ingress feeds it the octets it stores and
 * carries the result in {@link MailAccepted#clientDigest()}, delivery feeds it the body read back
 * from the blob store for an event without one. Both read the same octets with this one class, so
 * two attempts of one message get one digest whichever way each was computed.
 *
 * <p>The digest is SHA-256 of the reverse-path (empty for the null sender), a NUL, and the stored
 * body without the fields smtp-ingress put before the client's octets for this one transaction:
 * its {@code Received:} field, which names the queue id and differs on every attempt, and on
 * submission the {@code Date:} and {@code Message-ID: <queue id@host>} it adds when the client sent
 * none (both added together before the client's header, so when they are found together they are
 * certainly ours). A {@code Date:} added alone cannot be told from a client's own first field, so
 * it stays in the digest: such a message gets a digest of its own on each attempt.
 *
 * <p>A body that does not start with ingress's trace field for the queue id (a bounce, mail not
 * received over SMTP) has no client digest. Not thread-safe: one instance per body.
 */
public final class ClientDigest {

    /** Ingress's fields are short; a first field longer than this is not one of them. */
    public static final int MAX_TRACE = 8192;

    private static final byte[] RECEIVED = ascii("Received: from ");
    private static final byte[] DATE = ascii("Date: ");

    private final String queueId;
    private final MessageDigest sha256 = sha256();
    /** The first octets, until there are {@link #MAX_TRACE} of them; null once the client's start is known. */
    private byte[] head = new byte[MAX_TRACE];
    private int headLength;
    private boolean ours = true;

    public ClientDigest(String queueId, String sender) {
        this.queueId = EventChecks.requireNonBlank(queueId, "queueId");
        sha256.update(sender.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
    }

    /** The digest of the whole of {@code stored}, read to its end. */
    public static Optional<byte[]> of(String queueId, String sender, InputStream stored) throws IOException {
        ClientDigest digest = new ClientDigest(queueId, sender);
        byte[] buffer = new byte[16 * 1024];
        for (int read = stored.read(buffer); read >= 0; read = stored.read(buffer)) {
            digest.update(buffer, 0, read);
        }
        return digest.finish();
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    public void update(byte[] bytes) {
        update(bytes, 0, bytes.length);
    }

    /** The next stored octets. */
    public void update(byte[] bytes, int offset, int length) {
        if (head != null) {
            int taken = Math.min(length, MAX_TRACE - headLength);
            System.arraycopy(bytes, offset, head, headLength, taken);
            headLength += taken;
            offset += taken;
            length -= taken;
            if (headLength < MAX_TRACE) {
                return;
            }
            skipTrace();
        }
        if (ours) {
            sha256.update(bytes, offset, length);
        }
    }

    /** At the end of the body: the digest, or empty when the body does not start with our trace field. */
    public Optional<byte[]> finish() {
        if (head != null) {
            skipTrace();
        }
        return ours ? Optional.of(sha256.digest()) : Optional.empty();
    }

    /** Digests the head from where the client's octets start, or marks the body as not ours. */
    private void skipTrace() {
        byte[] bytes = Arrays.copyOf(head, headLength);
        head = null;
        int received = fieldEnd(bytes, 0);
        if (received < 0 || !startsWith(bytes, 0, RECEIVED) || !namesQueueId(bytes, received)) {
            ours = false;
            return;
        }
        int clientStart = received + addedOnSubmission(bytes, received);
        sha256.update(bytes, clientStart, bytes.length - clientStart);
    }

    /** The length of the Date and Message-ID lines ingress added at {@code at}, or 0. */
    private int addedOnSubmission(byte[] head, int at) {
        int messageIdAt = at;
        if (startsWith(head, at, DATE)) {
            messageIdAt = lineEnd(head, at);
            if (messageIdAt < 0 || !ourMessageId(head, messageIdAt)) {
                return 0;
            }
        }
        if (!ourMessageId(head, messageIdAt)) {
            return 0;
        }
        return lineEnd(head, messageIdAt) - at;
    }

    private boolean ourMessageId(byte[] head, int at) {
        return startsWith(head, at, ascii("Message-ID: <" + queueId + "@")) && lineEnd(head, at) > 0;
    }

    /** Whether the unfolded field before {@code end} carries {@code id QUEUEID} as a whole word. */
    private boolean namesQueueId(byte[] head, int end) {
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
