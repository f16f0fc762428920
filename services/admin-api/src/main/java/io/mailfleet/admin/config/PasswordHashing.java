package io.mailfleet.admin.config;

import io.mailfleet.auth.Argon2Parameters;
import io.mailfleet.auth.Argon2idPasswordHasher;
import io.mailfleet.auth.LimitedPasswordHasher;
import io.mailfleet.auth.PasswordHasher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * New passwords are stored as Argon2id hashes, the same hasher every protocol verifies with, at most one
 * per core at once: each holds about 19 MiB while it runs, and the reference implementation keeps its
 * memory blocks for the next hash, one per hash that ran at once, so a burst of account creations on the
 * request threads would otherwise keep as many blocks.
 */
@ApplicationScoped
public class PasswordHashing {

    @Produces
    @ApplicationScoped
    PasswordHasher passwordHasher() {
        return new LimitedPasswordHasher(new Argon2idPasswordHasher(Argon2Parameters.DEFAULT),
                Runtime.getRuntime().availableProcessors());
    }
}
