package io.mailfleet.store.cassandra;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Where a delivery receipt lives in its mailbox's partition: the clustering columns are numbers,
 * so the key is placed by its digest, 128 bits of SHA-256, and stored beside it to be checked.
 */
record ReceiptSlot(String key, long high, long low) {

    static ReceiptSlot of(String deliveryKey) {
        Objects.requireNonNull(deliveryKey, "deliveryKey");
        if (deliveryKey.isBlank()) {
            throw new IllegalArgumentException("delivery key is blank");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(deliveryKey.getBytes(StandardCharsets.UTF_8));
            ByteBuffer bytes = ByteBuffer.wrap(digest);
            return new ReceiptSlot(deliveryKey, bytes.getLong(), bytes.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
