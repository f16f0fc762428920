package io.mailfleet.imap.wire;

/**
 * What one command may cost before the reader refuses it.
 *
 * @param maxCommandLength octets of one command's text including its literals, except APPEND's
 *        message literals (for APPEND it bounds the text around each message)
 * @param maxLiteralSize octets of one literal in a command other than APPEND's message
 * @param maxMessageSize octets of one APPEND message; a larger one is refused before its octets are read
 * @param nonSynchronizingLimit the largest {@code {n+}} literal accepted: 4096 for a server that
 *        advertises LITERAL- (RFC 7888 §5), {@link Long#MAX_VALUE} under LITERAL+
 * @param chunkSize the most octets of an APPEND message handed over in one chunk
 */
public record ReaderLimits(
        int maxCommandLength, int maxLiteralSize, long maxMessageSize, long nonSynchronizingLimit, int chunkSize) {

    /** RFC 7888 §5: under LITERAL- a non-synchronizing literal holds at most 4096 octets. */
    public static final long LITERAL_MINUS_LIMIT = 4096;

    public ReaderLimits {
        if (maxCommandLength < 64 || maxLiteralSize < 0 || maxMessageSize < 0 || nonSynchronizingLimit < 0
                || chunkSize < 1) {
            throw new IllegalArgumentException("limits out of range");
        }
    }

    /** 64 KiB commands, 32 KiB literals, 64 MiB messages, LITERAL-, 64 KiB chunks. */
    public static ReaderLimits defaults() {
        return new ReaderLimits(64 * 1024, 32 * 1024, 64L * 1024 * 1024, LITERAL_MINUS_LIMIT, 64 * 1024);
    }
}
