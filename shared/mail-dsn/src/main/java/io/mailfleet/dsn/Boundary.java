package io.mailfleet.dsn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * The multipart boundary of a DSN: derived from the queue id and the DSN's date, so the same
 * report always gets the same one, and checked against the content, which no boundary delimiter
 * may occur in (RFC 2046 §5.1.1). On a collision the next candidate is tried.
 *
 * <p>Candidates start with {@code =_}, which quoted-printable and base64 content cannot contain,
 * so only returned originals or text that happens to hold one can collide. The search ends: the
 * content holds finitely many candidates.
 */
final class Boundary {

    private static final String PREFIX = "=_dsn_";
    private static final int HASH_OCTETS = 12;

    private Boundary() {
    }

    static String choose(String queueId, Instant date, List<byte[]> contents) {
        for (int attempt = 0; ; attempt++) {
            String candidate = candidate(queueId, date, attempt);
            byte[] delimiter = ("--" + candidate).getBytes(StandardCharsets.US_ASCII);
            if (contents.stream().noneMatch(content -> contains(content, delimiter))) {
                return candidate;
            }
        }
    }

    static String candidate(String queueId, Instant date, int attempt) {
        byte[] input = (queueId + "\n" + date + "\n" + attempt).getBytes(StandardCharsets.UTF_8);
        byte[] hash = sha256().digest(input);
        return PREFIX + HexFormat.of().formatHex(hash, 0, HASH_OCTETS);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException(impossible);
        }
    }

    private static boolean contains(byte[] content, byte[] wanted) {
        outer:
        for (int i = 0; i <= content.length - wanted.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (content[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
