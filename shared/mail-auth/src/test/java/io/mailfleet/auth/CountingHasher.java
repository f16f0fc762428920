package io.mailfleet.auth;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The real hasher, recording which hashes were verified and able to hold verifications in progress. */
final class CountingHasher implements PasswordHasher {

    private final PasswordHasher delegate;
    private final List<String> verifiedHashes = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    CountingHasher(PasswordHasher delegate) {
        this.delegate = delegate;
    }

    int verifications() {
        return verifiedHashes.size();
    }

    String lastVerifiedHash() {
        return verifiedHashes.get(verifiedHashes.size() - 1);
    }

    /** Verifications wait until the returned latch is counted down. */
    CountDownLatch holdVerifications() {
        gate = new CountDownLatch(1);
        return gate;
    }

    @Override
    public String hash(String password) {
        return delegate.hash(password);
    }

    @Override
    public boolean verify(String password, String encodedHash) {
        verifiedHashes.add(encodedHash);
        try {
            if (!gate.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("verification held for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return delegate.verify(password, encodedHash);
    }

    @Override
    public boolean needsRehash(String encodedHash) {
        return delegate.needsRehash(encodedHash);
    }
}
