package io.mailfleet.auth;

import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * A hasher that runs at most a fixed number of hash computations at once. Each Argon2id check
 * holds its memory (about 19 MiB) and a core for tens of milliseconds, so without a bound a burst of
 * logins costs as much memory as the pool that runs them has threads. Callers beyond the bound wait
 * their turn in arrival order.
 */
public final class LimitedPasswordHasher implements PasswordHasher {

    private final PasswordHasher delegate;
    private final Semaphore permits;
    private final int limit;

    public LimitedPasswordHasher(PasswordHasher delegate, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the limit must be at least 1, was " + limit);
        }
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.permits = new Semaphore(limit, true);
        this.limit = limit;
    }

    @Override
    public String hash(String password) {
        permits.acquireUninterruptibly();
        try {
            return delegate.hash(password);
        } finally {
            permits.release();
        }
    }

    @Override
    public boolean verify(String password, String encodedHash) {
        permits.acquireUninterruptibly();
        try {
            return delegate.verify(password, encodedHash);
        } finally {
            permits.release();
        }
    }

    @Override
    public boolean needsRehash(String encodedHash) {
        return delegate.needsRehash(encodedHash);
    }

    /** Checks running now, for the metrics. */
    public int inProgress() {
        return limit - permits.availablePermits();
    }
}
