package io.mailfleet.protocol;

import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Tells whoever watches a session (the metrics) the keyword of each command it takes: one of the
 * protocol's keywords, or {@link #OTHER} for any other line, so that the names stay a bounded set
 * whatever clients send.
 */
public final class CommandObserver {

    public static final String OTHER = "OTHER";

    private final Set<String> keywords;
    private Consumer<String> observer = keyword -> { };

    /** @param keywords the protocol's keywords, in upper case */
    public CommandObserver(Set<String> keywords) {
        this.keywords = Set.copyOf(keywords);
    }

    /** Replaces the observer; until one is set, nobody is told. */
    public void observe(Consumer<String> observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** A command with this keyword (in upper case) is taken. */
    public void taken(String keyword) {
        observer.accept(keywords.contains(keyword) ? keyword : OTHER);
    }
}
