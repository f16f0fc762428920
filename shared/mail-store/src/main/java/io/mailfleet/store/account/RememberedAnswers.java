package io.mailfleet.store.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.mailfleet.model.event.DirectoryChanged;

import java.time.Duration;
import java.util.Optional;

/**
 * What the directory answered about addresses (a recipient is known, an account with its INBOX, what an
 * alias leads to), remembered by lookup key for a short time so that a busy address costs no Cassandra
 * read per message. admin-api announces each change ({@link DirectoryChanged}) and {@link #forget} drops
 * what it makes stale at once, so the time to live matters only while those announcements do not arrive.
 * Callers remember only answers whose staleness cannot lose mail; a no that bounces mail is asked afresh.
 *
 * @param <V> the answer
 */
public final class RememberedAnswers<V> {

    private final Cache<String, V> answers;

    /** @param maxEntries answers remembered at most, which bounds memory whatever senders try */
    public RememberedAnswers(Duration rememberFor, long maxEntries, Ticker ticker) {
        this.answers = Caffeine.newBuilder().expireAfterWrite(rememberFor).maximumSize(maxEntries).ticker(ticker).build();
    }

    /** Never blocking: the answer remembered for {@code lookupKey}, if any. */
    public Optional<V> remembered(String lookupKey) {
        return Optional.ofNullable(answers.getIfPresent(lookupKey));
    }

    public void remember(String lookupKey, V answer) {
        answers.put(lookupKey, answer);
    }

    /**
     * Drops the answers a change makes stale: the entry of the account or alias itself, and for a domain or
     * its catch-all ({@code @domain}) every address of that domain.
     */
    public void forget(DirectoryChanged change) {
        String name = change.name();
        if (change.kind() == DirectoryChanged.Kind.DOMAIN) {
            forgetEndingIn("@" + name);
        } else if (name.startsWith("@")) {
            forgetEndingIn(name);
        } else {
            answers.invalidate(name);
        }
    }

    /** Drops the answer for one address, found stale by its user. */
    public void forget(String lookupKey) {
        answers.invalidate(lookupKey);
    }

    /** Drops every answer: for answers that follow aliases, which any change of the directory may reroute. */
    public void forgetAll() {
        answers.invalidateAll();
    }

    /** Lookup keys are {@code local@domain}: those ending in {@code atDomain}. */
    private void forgetEndingIn(String atDomain) {
        answers.asMap().keySet().removeIf(key -> key.endsWith(atDomain));
    }
}
