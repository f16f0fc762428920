package io.mailfleet.admin.config;

import io.mailfleet.auth.Argon2Parameters;
import io.mailfleet.auth.Argon2idPasswordHasher;
import io.mailfleet.auth.PasswordHasher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** New passwords are stored as Argon2id hashes, the same hasher every protocol verifies with. */
@ApplicationScoped
public class PasswordHashing {

    @Produces
    @ApplicationScoped
    PasswordHasher passwordHasher() {
        return new Argon2idPasswordHasher(Argon2Parameters.DEFAULT);
    }
}
