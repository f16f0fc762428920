package io.mailfleet.imap.gateway.search;

import io.mailfleet.model.mailbox.Flags;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One message as SEARCH tests it: the facts Cassandra holds, and its text, read only when a BODY or TEXT
 * key asks.
 *
 * @param msn its message sequence number in the session's view
 * @param headers lowercased field names to their decoded values
 * @param sentDate the Date field, or null when absent or unreadable, parsed only when a SENT key asks (a
 *     parse costs tens of microseconds, which a search over many messages would pay for each)
 * @param saveDate when the message was saved into the mailbox, or null for a row older than save dates
 * @param textContains whether the message's header or body contains a string, read on demand
 * @param bodyContains whether its body contains a string, read on demand
 */
public record Candidate(long uid, int msn, Flags flags, long size, Instant internalDate, Instant saveDate, long modSeq,
                        String emailId,
                        Map<String, List<String>> headers, Supplier<OffsetDateTime> sentDate,
                        Predicate<String> textContains, Predicate<String> bodyContains) {
}
