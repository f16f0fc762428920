package io.mailfleet.store.testing;

import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.blob.BlobRef;
import io.mailfleet.store.blob.BlobStore;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Blobs in memory that record every read, for the unit tests of what reads bodies through the port: how many whole
 * reads and which ranges a command costs. Tests write the blobs themselves; the store's writes are not faked.
 */
public final class RecordingBlobStore implements BlobStore {

    /** A ranged read: the blob's key and the octets asked for. */
    public record RangedRead(String key, long offset, long length) {
    }

    private final Map<String, byte[]> blobs = new HashMap<>();
    private final List<String> wholeReads = new ArrayList<>();
    private final List<RangedRead> rangedReads = new ArrayList<>();

    /** Adds {@code octets} at the end of the blob under {@code key}, a new one when there is none; returns where they start. */
    public long append(String key, byte[] octets) {
        byte[] before = blobs.getOrDefault(key, new byte[0]);
        byte[] after = Arrays.copyOf(before, before.length + octets.length);
        System.arraycopy(octets, 0, after, before.length, octets.length);
        blobs.put(key, after);
        return before.length;
    }

    /** The keys of the whole reads, in the order they came. */
    public List<String> wholeReads() {
        return wholeReads;
    }

    public List<RangedRead> rangedReads() {
        return rangedReads;
    }

    @Override
    public InputStream get(BlobKey key) {
        wholeReads.add(key.value());
        return new ByteArrayInputStream(blob(key));
    }

    @Override
    public InputStream get(BlobKey key, long offset, long length) {
        rangedReads.add(new RangedRead(key.value(), offset, length));
        byte[] blob = blob(key);
        int start = (int) Math.min(offset, blob.length);
        return new ByteArrayInputStream(blob, start, (int) Math.min(length, blob.length - start));
    }

    @Override
    public long size(BlobKey key) {
        return blob(key).length;
    }

    @Override
    public boolean exists(BlobKey key) {
        return blobs.containsKey(key.value());
    }

    @Override
    public BlobRef put(InputStream content, long size) {
        throw new UnsupportedOperationException("the tests write the blobs with append");
    }

    @Override
    public BlobRef put(InputStream content) {
        throw new UnsupportedOperationException("the tests write the blobs with append");
    }

    @Override
    public void delete(BlobKey key) {
        throw new UnsupportedOperationException("no test of a reader deletes");
    }

    @Override
    public void close() {
        // Holds nothing to release.
    }

    private byte[] blob(BlobKey key) {
        byte[] blob = blobs.get(key.value());
        if (blob == null) {
            throw new IllegalArgumentException("no blob " + key.value());
        }
        return blob;
    }
}
