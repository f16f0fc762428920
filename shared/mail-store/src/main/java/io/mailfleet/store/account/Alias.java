package io.mailfleet.store.account;

import io.mailfleet.model.address.Domain;
import io.mailfleet.model.address.MailAddress;

import java.util.List;
import java.util.Objects;

/**
 * Mail for {@code source} goes to {@code targets}.
 *
 * @param source an address's lookup key, or {@code @domain} for the domain's catch-all, which takes
 *               mail for any address of the domain that nothing else takes
 */
public record Alias(String source, List<MailAddress> targets) {

    public Alias {
        Objects.requireNonNull(source, "source");
        if (source.lastIndexOf('@') < 0) {
            throw new IllegalArgumentException("alias source has no domain: " + source);
        }
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("an alias needs at least one target");
        }
    }

    public static Alias of(MailAddress source, List<MailAddress> targets) {
        return new Alias(source.lookupKey(), targets);
    }

    public static Alias catchAll(Domain domain, List<MailAddress> targets) {
        return new Alias(catchAllSource(domain), targets);
    }

    public static String catchAllSource(Domain domain) {
        return "@" + domain.ascii();
    }

    public boolean isCatchAll() {
        return source.startsWith("@");
    }

    public String domain() {
        return source.substring(source.lastIndexOf('@') + 1);
    }
}
