package io.mailfleet.store.cassandra;

import io.mailfleet.model.mailbox.Uid;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of a mailbox's text signatures (kind 8 of {@code mailbox_data}, migration 020): the {@link SignatureFacts}
 * of the messages whose UIDs fall in its {@value #BLOCK_UIDS} and that were there when it was written, in UID order,
 * and the highest UID it covers ({@code upTo}): every UID from the block's first to {@code upTo} that a message has
 * now is in it. Stored as a format byte, {@code upTo}, the count, then for each message its UID's offset in the block,
 * its signature's length (-1 for none) and the signature: 25 KiB for a full block of short texts' 17-byte
 * signatures. Fewer UIDs a block than the sort date blocks hold, as a long text's signature is up to 8 KiB.
 */
record TextSignatureBlock(long number, long upTo, List<SignatureFacts> entries) {

    static final int BLOCK_UIDS = 1024;
    private static final byte FORMAT = 1;
    private static final int HEADER = 1 + Long.BYTES + Integer.BYTES;
    private static final int NONE = -1;

    static long blockOf(long uid) {
        return uid / BLOCK_UIDS;
    }

    static long firstUid(long number) {
        return number * BLOCK_UIDS;
    }

    static long lastUid(long number) {
        return firstUid(number) + BLOCK_UIDS - 1;
    }

    ByteBuffer encoded() {
        int size = HEADER;
        for (SignatureFacts entry : entries) {
            size += 2 * Integer.BYTES + (entry.textSignature() == null ? 0 : entry.textSignature().length);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(FORMAT).putLong(upTo).putInt(entries.size());
        for (SignatureFacts entry : entries) {
            out.putInt((int) (entry.uid().value() - firstUid(number)));
            if (entry.textSignature() == null) {
                out.putInt(NONE);
            } else {
                out.putInt(entry.textSignature().length).put(entry.textSignature());
            }
        }
        return out.flip();
    }

    /** The block stored as {@code stored}, or null for one in a format this version does not know, which is made again. */
    static TextSignatureBlock decoded(long number, ByteBuffer stored) {
        ByteBuffer in = stored.duplicate();
        if (in.remaining() < HEADER || in.get() != FORMAT) {
            return null;
        }
        long upTo = in.getLong();
        int count = in.getInt();
        List<SignatureFacts> entries = new ArrayList<>(count);
        long first = firstUid(number);
        for (int i = 0; i < count; i++) {
            Uid uid = Uid.of(first + in.getInt());
            int length = in.getInt();
            byte[] signature = null;
            if (length != NONE) {
                signature = new byte[length];
                in.get(signature);
            }
            entries.add(new SignatureFacts(uid, signature));
        }
        return new TextSignatureBlock(number, upTo, entries);
    }
}
