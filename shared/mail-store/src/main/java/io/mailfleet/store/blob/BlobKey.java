package io.mailfleet.store.blob;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a blob lives: {@code sha256/ab/cd/abcd…} with the 64 lowercase hex digits of the SHA-256 of
 * its content. The two short levels spread keys over prefixes, which file-backed stores and listings
 * by prefix both prefer to one flat directory.
 *
 * @param value the key as stored, for example in Cassandra or in a {@code MailAccepted} event
 */
public record BlobKey(String value) {

    private static final Pattern LAYOUT = Pattern.compile("sha256/([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{64})");

    public BlobKey {
        Objects.requireNonNull(value, "value");
        Matcher matcher = LAYOUT.matcher(value);
        if (!matcher.matches() || !matcher.group(3).startsWith(matcher.group(1) + matcher.group(2))) {
            throw new IllegalArgumentException("not a blob key: " + value);
        }
    }

    /** The key of content whose SHA-256 is {@code sha256Hex} (64 lowercase hex digits). */
    public static BlobKey forSha256(String sha256Hex) {
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        if (sha256Hex.length() != 64) {
            throw new IllegalArgumentException("not a SHA-256 in hex: " + sha256Hex);
        }
        return new BlobKey("sha256/" + sha256Hex.substring(0, 2) + "/" + sha256Hex.substring(2, 4) + "/" + sha256Hex);
    }

    /** The SHA-256 of the content, 64 lowercase hex digits. */
    public String sha256() {
        return value.substring(value.length() - 64);
    }

    @Override
    public String toString() {
        return value;
    }
}
