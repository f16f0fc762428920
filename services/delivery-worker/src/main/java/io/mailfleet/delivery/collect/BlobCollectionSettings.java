package io.mailfleet.delivery.collect;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code mailfleet.blob-collector.*}, also settable as {@code MAILFLEET_BLOB_COLLECTOR_*} environment variables. */
@ConfigMapping(prefix = "mailfleet.blob-collector")
public interface BlobCollectionSettings {

    /**
     * Off by default: every service that stores blobs or refers to them must pin them first (see
     * {@code BlobPins}) before a collector may run against the bucket.
     */
    @WithDefault("false")
    boolean enabled();

    /** Between the end of a run and the start of the next; one instance at a time runs, under a lease. */
    @WithDefault("1h")
    Duration interval();

    /** Blobs stored more recently than this are never deleted, nor blobs pinned more recently. */
    @WithDefault("7d")
    Duration grace();

    /** Temporary objects of puts older than this are leftovers of puts that were cut short. */
    @WithDefault("1d")
    Duration temporaryGrace();
}
