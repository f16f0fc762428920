package io.mailfleet.store.blob;

import java.time.Instant;

/** An object of the bucket as a listing shows it: its name and when it was last written. */
public record StoredObject(String name, Instant lastModified) {
}
