package io.mailfleet.mime;

/**
 * A compact summary of a {@link SearchText folded search text} that tells SEARCH BODY which messages
 * cannot contain a string without reading their text: a Bloom filter of the text's trigrams (every run
 * of three consecutive characters). A string that is a substring of the text has each of its trigrams
 * in the text, so {@link #mayContain} never answers false for a message that contains it; it may answer
 * true for one that does not, which the exact substring test then settles.
 *
 * <p>Sized to the text: at least {@value #BITS_PER_TRIGRAM} bits per distinct trigram, rounded up to a power of
 * two between {@value #MIN_BYTES} and {@value #MAX_BYTES} bytes of filter, and two bits set per trigram. At that
 * density 39% of the bits are set and a trigram absent from the text passes about one time in six (0.39²), so
 * a string of n characters passes a message without it about one time in 6.5^(n-2) when its trigrams are
 * independent (one in 6 for three characters, one in 1,800 for six); past the largest size the filter fills up
 * and passes more, never fewer. A text of few trigrams gets a larger filter than that when the bytes it adds,
 * which every body search reads, cost less than the false passes they save, each a text read for nothing
 * ({@link #bytesFor}). Strings shorter than three characters have no trigram and always pass.
 *
 * <p>Stored form: one byte of format (1), then the filter's bits.
 */
public final class TextSignature {

    static final int BITS_PER_TRIGRAM = 4;
    static final int MIN_BYTES = 8;
    static final int MAX_BYTES = 8 * 1024;
    /**
     * What one false pass costs a body search, in bytes of signature that every search reads: a text read for
     * nothing (a partition of its own, one of the 16 keys of a read) against the mailbox's slice of rows read
     * whole. An estimate from the store's benchmark: a text read cost about 0.3 ms, a byte of the slice of
     * rows with their signatures about 90 ns, at the same load: some 3,000 bytes; taken lower, so that the
     * filter grows only where the saving is clear.
     */
    static final int FALSE_PASS_COST_BYTES = 2048;
    /** Distinct trigrams from which on the filter has {@link #MAX_BYTES}. */
    private static final int SATURATED = MAX_BYTES * 8 / BITS_PER_TRIGRAM;
    private static final byte FORMAT = 1;

    private TextSignature() {
    }

    /** The signature of a text already folded as {@link SearchText#fold} folds it. */
    public static byte[] of(String foldedText) {
        int trigrams = Math.max(0, foldedText.length() - 2);
        int distinct = distinctTrigrams(foldedText, trigrams);
        int bytes = bytesFor(distinct);
        byte[] signature = new byte[1 + bytes];
        signature[0] = FORMAT;
        int mask = bytes * 8 - 1;
        // A trigram seen again sets the bits it set already: no need to skip repeats.
        for (int i = 0; i < trigrams; i++) {
            long hash = mix(trigram(foldedText, i));
            set(signature, (int) hash & mask);
            set(signature, (int) (hash >>> 32) & mask);
        }
        return signature;
    }

    /**
     * The filter's size for a text of {@code distinct} trigrams: {@value #BITS_PER_TRIGRAM} bits per trigram
     * rounded up, then doubled while the bytes added cost a search less than the false passes they save, when
     * the string has one trigram the text lacks (the worst case: a word that differs from one in the text in
     * one character). A text of 12 distinct trigrams gets 32 bytes instead of 8, and passes such a string
     * about one time in 125 instead of one in 10; from about 300 trigrams on, a typical message's text, the
     * size is that of 4 bits per trigram.
     */
    static int bytesFor(int distinct) {
        int bytes = MIN_BYTES;
        while (bytes < MAX_BYTES && bytes * 8L < (long) BITS_PER_TRIGRAM * distinct) {
            bytes *= 2;
        }
        while (bytes < MAX_BYTES && searchCost(distinct, 2 * bytes) < searchCost(distinct, bytes)) {
            bytes *= 2;
        }
        return bytes;
    }

    /** What a filter of {@code bytes} for a text of {@code distinct} trigrams costs a search, as bytes read. */
    private static double searchCost(int distinct, int bytes) {
        double setFraction = 1 - Math.exp(-2.0 * distinct / (bytes * 8.0));
        return bytes + FALSE_PASS_COST_BYTES * setFraction * setFraction;
    }

    /**
     * How many distinct trigrams the text has, counted up to {@link #SATURATED}, past which the filter
     * has its largest size whatever the count. Counted in an open-addressing table of their hashes
     * (mix is a bijection, so distinct trigrams have distinct hashes), which costs a few probes per
     * trigram where sorting them all cost most of parsing a message at ingress; the table holds at
     * most twice {@link #SATURATED} entries, however long the text.
     */
    private static int distinctTrigrams(String text, int trigrams) {
        int expected = Math.min(trigrams, SATURATED);
        long[] table = new long[Integer.highestOneBit(Math.max(1, 2 * expected)) << 1];
        int slotMask = table.length - 1;
        // 0 marks an empty slot; the one trigram whose hash is 0 (three U+0000) is counted apart.
        boolean zeroSeen = false;
        int distinct = 0;
        for (int i = 0; i < trigrams && distinct < SATURATED; i++) {
            long hash = mix(trigram(text, i));
            if (hash == 0) {
                distinct += zeroSeen ? 0 : 1;
                zeroSeen = true;
                continue;
            }
            int slot = (int) hash & slotMask;
            while (table[slot] != 0 && table[slot] != hash) {
                slot = (slot + 1) & slotMask;
            }
            if (table[slot] == 0) {
                table[slot] = hash;
                distinct++;
            }
        }
        return distinct;
    }

    /**
     * Whether the text may contain {@code foldedNeedle} (folded as {@link SearchText#fold} folds): false
     * only when it certainly does not. A signature of another format, or none readable, answers true.
     */
    public static boolean mayContain(byte[] signature, String foldedNeedle) {
        int bytes = signature.length - 1;
        if (signature.length < 1 + MIN_BYTES || signature[0] != FORMAT || Integer.bitCount(bytes) != 1) {
            return true;
        }
        int mask = bytes * 8 - 1;
        for (int i = 0; i + 3 <= foldedNeedle.length(); i++) {
            long hash = mix(trigram(foldedNeedle, i));
            if (!isSet(signature, (int) hash & mask) || !isSet(signature, (int) (hash >>> 32) & mask)) {
                return false;
            }
        }
        return true;
    }

    private static long trigram(String text, int at) {
        return ((long) text.charAt(at) << 32) | ((long) text.charAt(at + 1) << 16) | text.charAt(at + 2);
    }

    /** MurmurHash3's 64-bit finaliser: every input bit moves both halves, which serve as the two bit positions. */
    private static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static void set(byte[] signature, int bit) {
        signature[1 + (bit >>> 3)] |= (byte) (1 << (bit & 7));
    }

    private static boolean isSet(byte[] signature, int bit) {
        return (signature[1 + (bit >>> 3)] & (1 << (bit & 7))) != 0;
    }
}
