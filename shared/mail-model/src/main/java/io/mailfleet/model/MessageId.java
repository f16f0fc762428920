package io.mailfleet.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The id of an accepted message: 128 bits, a 48-bit Unix time in milliseconds followed by 80 bits
 * that are random or, within one millisecond, incremented (the ULID layout). Written as 26
 * characters of Crockford base32, so ids sort by time both as numbers and as strings, which keeps
 * Kafka keys, S3 keys and Cassandra clustering in arrival order.
 */
public final class MessageId implements Comparable<MessageId> {

    public static final int LENGTH = 26;
    public static final long MAX_TIMESTAMP = (1L << 48) - 1;

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int[] DECODE = new int[128];
    private static final int RANDOM_BITS_IN_HIGH = 16;
    private static final int BITS_PER_CHAR = 5;

    static {
        Arrays.fill(DECODE, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            DECODE[ALPHABET[i]] = i;
            DECODE[Character.toLowerCase(ALPHABET[i])] = i;
        }
    }

    /** The timestamp and the first 16 random bits. */
    private final long high;
    /** The last 64 random bits. */
    private final long low;

    private MessageId(long high, long low) {
        this.high = high;
        this.low = low;
    }

    /** The id for a timestamp and 80 bits of randomness: the low 16 bits of {@code random16}, all of {@code random64}. */
    static MessageId of(long epochMillis, long random16, long random64) {
        if (epochMillis < 0 || epochMillis > MAX_TIMESTAMP) {
            throw new IllegalArgumentException("timestamp " + epochMillis + " does not fit 48 bits");
        }
        return new MessageId(epochMillis << RANDOM_BITS_IN_HIGH | (random16 & 0xFFFF), random64);
    }

    /**
     * Parses the 26-character form; lower case is accepted. Crockford's aliases (I, L, O) are not:
     * ids are machine-made, and one spelling per id keeps string keys exact.
     */
    public static MessageId parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() != LENGTH) {
            throw new IllegalArgumentException("message id must be " + LENGTH + " characters, got " + text.length());
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            int digit = c < DECODE.length ? DECODE[c] : -1;
            if (digit < 0) {
                throw new IllegalArgumentException(
                        String.format("message id contains U+%04X, which is not Crockford base32", (int) c));
            }
            // 26 characters carry 130 bits; the first may only use the low 3 of its 5.
            if (i == 0 && digit > 7) {
                throw new IllegalArgumentException("message id exceeds 128 bits");
            }
            high = high << BITS_PER_CHAR | low >>> (64 - BITS_PER_CHAR);
            low = low << BITS_PER_CHAR | digit;
        }
        return new MessageId(high, low);
    }

    /**
     * An id made from this one for a message that follows from it, such as its bounce: the same time,
     * and random bits taken from a digest of this id and {@code purpose}. Deriving again gives the
     * same id, so handling a redelivered event twice makes the same follow-up message, which
     * delivery then stores once.
     */
    public MessageId derive(String purpose) {
        Objects.requireNonNull(purpose, "purpose");
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((this + "/" + purpose).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            java.nio.ByteBuffer bits = java.nio.ByteBuffer.wrap(digest);
            return of(epochMillis(), bits.getShort(), bits.getLong());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The following id, as the generator issues within one millisecond; a full random part carries into the time. */
    MessageId increment() {
        if (high == -1L && low == -1L) {
            throw new IllegalStateException("message id space exhausted");
        }
        return new MessageId(low == -1L ? high + 1 : high, low + 1);
    }

    public long epochMillis() {
        return high >>> RANDOM_BITS_IN_HIGH;
    }

    public Instant timestamp() {
        return Instant.ofEpochMilli(epochMillis());
    }

    @Override
    public int compareTo(MessageId other) {
        int byHigh = Long.compareUnsigned(high, other.high);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageId other && high == other.high && low == other.low;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high) * 31 + Long.hashCode(low);
    }

    /** The canonical upper-case form. */
    @Override
    public String toString() {
        char[] out = new char[LENGTH];
        long h = high;
        long l = low;
        for (int i = LENGTH - 1; i >= 0; i--) {
            out[i] = ALPHABET[(int) (l & 0x1F)];
            l = l >>> BITS_PER_CHAR | h << (64 - BITS_PER_CHAR);
            h >>>= BITS_PER_CHAR;
        }
        return new String(out);
    }
}
