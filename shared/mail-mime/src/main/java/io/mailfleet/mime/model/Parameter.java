package io.mailfleet.mime.model;

import java.util.Objects;

/**
 * One MIME parameter as IMAP reports it: the name lowercased, the value as given (quotes removed).
 * RFC 2231 continuations are merged into one parameter; an extended value keeps its
 * {@code charset'language'percent-encoded} form and its name keeps the trailing {@code *}.
 */
public record Parameter(String name, String value) {

    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
