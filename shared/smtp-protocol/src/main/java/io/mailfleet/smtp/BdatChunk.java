package io.mailfleet.smtp;

/** The state of one BDAT chunk and of the chunked message so far. */
final class BdatChunk {

    private final LineEndChecker lineEnds;
    long size;
    long remaining;
    boolean last;
    SmtpReply refusal;
    long total;
    AbortReason violation;

    /** @param lineEnds the bare CR/LF check, null for BINARYMIME or a refused chunk */
    BdatChunk(LineEndChecker lineEnds) {
        this.lineEnds = lineEnds;
    }

    void start(long chunkSize, boolean lastChunk, SmtpReply refusedWith) {
        size = chunkSize;
        remaining = chunkSize;
        last = lastChunk;
        refusal = refusedWith;
    }

    /** Counts octets of the chunk; true when they are to be stored. */
    boolean accept(byte[] bytes, long maxSize) {
        remaining -= bytes.length;
        if (refusal != null || violation != null) {
            return false;
        }
        total += bytes.length;
        if (total > maxSize) {
            violation = AbortReason.SIZE_EXCEEDED;
            return false;
        }
        if (lineEnds != null) {
            lineEnds.check(bytes, 0, bytes.length);
            if (lineEnds.sawBare()) {
                violation = AbortReason.BARE_LINE_ENDING;
                return false;
            }
        }
        return true;
    }

    /** At the end of the last chunk a trailing CR is bare too. */
    AbortReason violationAtEnd() {
        if (violation == null && last && lineEnds != null && lineEnds.sawBareAtEnd()) {
            return AbortReason.BARE_LINE_ENDING;
        }
        return violation;
    }
}
