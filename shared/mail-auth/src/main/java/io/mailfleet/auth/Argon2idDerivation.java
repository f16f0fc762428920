package io.mailfleet.auth;

import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Computes a raw Argon2id hash (RFC 9106, version 19, no secret, no associated data). Thread-safe. */
interface Argon2idDerivation {

    byte[] derive(Argon2Parameters parameters, byte[] password, byte[] salt);

    /** The reference C implementation where its bundled library loads, Bouncy Castle's Java otherwise. */
    Argon2idDerivation CHOSEN = choose(NativeArgon2id::new);

    /** The native derivation that {@code loader} makes, or the Java one when its library cannot be loaded. */
    static Argon2idDerivation choose(Supplier<Argon2idDerivation> loader) {
        try {
            return loader.get();
        } catch (LinkageError e) {
            Logger log = LoggerFactory.getLogger(Argon2idDerivation.class);
            log.warn("libargon2 cannot be loaded here ({}); hashing with the Java Argon2id, about twice as slow", e.toString());
            return new JavaArgon2id();
        }
    }
}
