package io.mailfleet.smtp.client;

import java.util.Objects;

/** A user name and password for AUTH PLAIN or LOGIN (RFC 4954). */
public record Credentials(String username, String password) {

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("username is empty");
        }
        // PLAIN separates the fields with NUL (RFC 4616 §2), so neither may contain one.
        if (username.indexOf('\0') >= 0 || password.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("credentials must not contain NUL");
        }
    }

    /** Keeps the password out of logs. */
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}
