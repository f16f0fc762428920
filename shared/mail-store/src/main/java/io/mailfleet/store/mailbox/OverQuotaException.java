package io.mailfleet.store.mailbox;

/** An APPEND refused because the account's quota has no room for it: IMAP's {@code NO [OVERQUOTA]} (RFC 9208). */
public final class OverQuotaException extends Exception {

    private final long quotaBytes;
    private final long usedBytes;
    private final long size;

    public OverQuotaException(long quotaBytes, long usedBytes, long size) {
        super("quota of " + quotaBytes + " octets has " + (quotaBytes - usedBytes) + " left, not " + size);
        this.quotaBytes = quotaBytes;
        this.usedBytes = usedBytes;
        this.size = size;
    }

    public long quotaBytes() {
        return quotaBytes;
    }

    public long usedBytes() {
        return usedBytes;
    }

    public long size() {
        return size;
    }
}
