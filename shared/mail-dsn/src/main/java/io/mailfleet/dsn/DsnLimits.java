package io.mailfleet.dsn;

/**
 * Bounds on what a DSN returns of the original, which bound the DSN's size: a bounce must not
 * cost as much as the message it bounces, nor be refused for its size where the original was not.
 *
 * @param maxReturnedMessageBytes the largest original returned whole when RET=FULL asks for it;
 *                                a larger one is returned as its header section
 * @param maxReturnedHeaderBytes  the largest header section returned; a larger one is cut after
 *                                the last whole field that fits
 */
public record DsnLimits(int maxReturnedMessageBytes, int maxReturnedHeaderBytes) {

    /** 10 MiB of message, 256 KiB of header section. */
    public static final DsnLimits DEFAULTS = new DsnLimits(10 * 1024 * 1024, 256 * 1024);

    // Held in memory, twice while the DSN is assembled.
    private static final int CEILING = 256 * 1024 * 1024;

    public DsnLimits {
        if (maxReturnedHeaderBytes < 1) {
            throw new IllegalArgumentException("maxReturnedHeaderBytes must be positive");
        }
        if (maxReturnedMessageBytes <= maxReturnedHeaderBytes || maxReturnedMessageBytes > CEILING) {
            throw new IllegalArgumentException(
                    "maxReturnedMessageBytes must exceed maxReturnedHeaderBytes and be at most " + CEILING);
        }
    }
}
