package io.mailfleet.auth;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Of libsodium and the reference C implementation, which make the same hashes, the one that has cost
 * this process less CPU per hash lately, measured on the threads that hash.
 *
 * <p>Neither is the cheaper everywhere. libsodium's arithmetic (SIMD) takes a third of the reference's,
 * but it maps each hash's 19 MiB afresh and unmaps it after, while the reference hashes in blocks kept
 * between hashes ({@link Argon2MemoryBlocks}). What fresh pages cost depends on the machine: the kernel's
 * page faults everywhere, and in a virtual machine whose hypervisor pays for each new page table entry,
 * more than the arithmetic itself (a 2-core guest: libsodium 42-52 ms of CPU per hash of the default
 * parameters, 8-10 when its mapping was kept between hashes, the reference in its kept blocks 23-26).
 *
 * <p>Both are measured as they run: until each has {@link #FIRST_SAMPLES} hashes measured (its first is
 * not) they take turns, then the cheaper takes every hash but one in {@link #EXPLORE_EVERY}, which keeps
 * the other's figure current (a machine's load and memory change). Hashes libsodium does not compute go to
 * the reference unmeasured.
 */
final class CheaperArgon2id implements Argon2idDerivation {

    static final int FIRST_SAMPLES = 3;
    static final int EXPLORE_EVERY = 32;
    /** Each new hash moves a figure by at least this share of its difference: about the last eight hashes count. */
    private static final double WEIGHT = 0.125;

    private final Argon2idDerivation sodium;
    private final Argon2idDerivation reference;
    private final LongSupplier threadCpuNanos;
    private final Cost sodiumCost = new Cost();
    private final Cost referenceCost = new Cost();
    private final AtomicLong measured = new AtomicLong();

    /**
     * @param threadCpuNanos the CPU time the calling thread has used so far, in nanoseconds (user and system:
     *                       the kernel's work of filling fresh pages is part of what is compared)
     */
    CheaperArgon2id(Argon2idDerivation sodium, Argon2idDerivation reference, LongSupplier threadCpuNanos) {
        this.sodium = Objects.requireNonNull(sodium, "sodium");
        this.reference = Objects.requireNonNull(reference, "reference");
        this.threadCpuNanos = Objects.requireNonNull(threadCpuNanos, "threadCpuNanos");
    }

    @Override
    public byte[] derive(Argon2Parameters p, byte[] password, byte[] salt) {
        if (!SodiumArgon2id.computes(p, salt.length)) {
            return reference.derive(p, password, salt);
        }
        boolean withSodium = sodiumNext(measured.getAndIncrement());
        Cost cost = withSodium ? sodiumCost : referenceCost;
        long start = threadCpuNanos.getAsLong();
        byte[] hash = (withSodium ? sodium : reference).derive(p, password, salt);
        // Per KiB and pass, so that hashes of other parameters (imported ones) compare with the default's.
        cost.add((double) (threadCpuNanos.getAsLong() - start) / ((long) p.memoryKib() * p.iterations()));
        return hash;
    }

    /** Whether libsodium computes the {@code n}th measured hash. */
    private boolean sodiumNext(long n) {
        if (sodiumCost.samples() < FIRST_SAMPLES || referenceCost.samples() < FIRST_SAMPLES) {
            return n % 2 == 0;
        }
        boolean sodiumCheaper = sodiumCost.mean() <= referenceCost.mean();
        return n % EXPLORE_EVERY == 0 ? !sodiumCheaper : sodiumCheaper;
    }

    /**
     * CPU nanoseconds per KiB and pass: the plain mean of the first hashes, then more weight on the recent
     * ones. The very first hash is left out: it also binds the library's function or makes the first memory
     * block (twice a usual hash's CPU and more).
     */
    private static final class Cost {

        private boolean first = true;
        private double mean;
        private long samples;

        synchronized void add(double nanos) {
            if (first) {
                first = false;
                return;
            }
            samples++;
            mean += Math.max(WEIGHT, 1.0 / samples) * (nanos - mean);
        }

        synchronized double mean() {
            return mean;
        }

        synchronized long samples() {
            return samples;
        }
    }
}
