package io.mailfleet.mime.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A parsed Date header. The offset is kept apart from the instant because SEARCH SENTON and
 * friends compare the date as written, in the sender's zone (RFC 3501 §6.4.4); two primitives
 * keep the record serialisable without a java.time module.
 */
public record HeaderDate(long epochSecond, int offsetMinutes) {

    public OffsetDateTime toOffsetDateTime() {
        return Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
    }
}
