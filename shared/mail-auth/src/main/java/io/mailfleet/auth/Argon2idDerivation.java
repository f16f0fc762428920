package io.mailfleet.auth;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Computes a raw Argon2id hash (RFC 9106, version 19, no secret, no associated data). Thread-safe. */
interface Argon2idDerivation {

    byte[] derive(Argon2Parameters parameters, byte[] password, byte[] salt);

    /**
     * Where libsodium is installed and the reference C implementation's bundled library loads, for the
     * hashes libsodium computes, whichever of the two costs less CPU here ({@link CheaperArgon2id}), for
     * the others the reference; libsodium or the reference alone where only one loads; Bouncy Castle's
     * Java where neither does. All make the same hashes.
     */
    Argon2idDerivation CHOSEN = choose(SodiumArgon2id::new, NativeArgon2id::new);

    /**
     * The derivation {@code sodium} makes over the reference one, measured against the reference one
     * ({@link CheaperArgon2id}), or the reference one alone when libsodium cannot be loaded; the
     * reference one is {@code reference}'s, or the Java one when its library cannot be loaded. libsodium
     * is not measured against the Java one, two to five times its CPU and 19 MiB of garbage per hash.
     */
    static Argon2idDerivation choose(Function<Argon2idDerivation, Argon2idDerivation> sodium,
                                     Supplier<Argon2idDerivation> reference) {
        Logger log = LoggerFactory.getLogger(Argon2idDerivation.class);
        Argon2idDerivation others;
        try {
            others = reference.get();
        } catch (LinkageError e) {
            log.warn("libargon2 cannot be loaded here ({}); hashing with the Java Argon2id, about twice as slow", firstLine(e));
            others = new JavaArgon2id();
        }
        Argon2idDerivation withSodium;
        try {
            withSodium = sodium.apply(others);
        } catch (LinkageError e) {
            log.warn("libsodium cannot be loaded here ({}); hashing with {}, about twice as slow: install libsodium"
                    + " (Debian and Ubuntu: libsodium23)", firstLine(e), others.getClass().getSimpleName());
            return others;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (others instanceof JavaArgon2id || !threads.isCurrentThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
            return withSodium;
        }
        return new CheaperArgon2id(withSodium, others, threads::getCurrentThreadCpuTime);
    }

    /** JNA's messages go on to list every folder and jar it searched. */
    private static String firstLine(LinkageError e) {
        return e.toString().lines().findFirst().orElse("");
    }
}
