package io.mailfleet.imap.gateway.search;

import io.mailfleet.imap.command.SearchKey;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Whether a message matches a search key (RFC 9051 §6.4.4, RFC 3501 §6.4.4): every key is evaluated
 * against the {@link Candidate}; only BODY and TEXT read the message's text.
 *
 * <p>Strings match as case-insensitive substrings (the RFC's minimum); BODY and TEXT as {@link IndexedText}
 * says. Dates compare without time and zone: the internal date's in UTC, a sent date's as its Date field
 * wrote it. The gateway keeps no
 * {@code \Recent} flag of its own, so no message is recent. Every mailbox keeps save dates (RFC 8514), so
 * SAVEDATESUPPORTED matches every message; for a row written before it did, the internal date stands in.
 */
public final class SearchEvaluator {

    private final int messages;
    private final long lastUid;
    private final long[] savedResult;
    private final Instant now;

    /**
     * @param messages how many messages the session's view holds: {@code *} as a message number
     * @param lastUid the largest UID in it: {@code *} as a UID
     * @param savedResult what {@code $} names, ascending UIDs
     */
    public SearchEvaluator(int messages, long lastUid, long[] savedResult, Instant now) {
        this.messages = messages;
        this.lastUid = lastUid;
        this.savedResult = savedResult.clone();
        this.now = now;
    }

    public boolean matches(SearchKey key, Candidate message) {
        if (key instanceof SearchKey.And and) {
            return and.keys().stream().allMatch(each -> matches(each, message));
        }
        if (key instanceof SearchKey.Or or) {
            return matches(or.left(), message) || matches(or.right(), message);
        }
        if (key instanceof SearchKey.Not not) {
            return !matches(not.key(), message);
        }
        if (key instanceof SearchKey.HasFlag flag) {
            return message.flags().contains(flag.flag()) == flag.set();
        }
        if (key instanceof SearchKey.Recent recent) {
            return !recent.recent();
        }
        if (key instanceof SearchKey.Header header) {
            return header(header, message);
        }
        if (key instanceof SearchKey.Body body) {
            return message.bodyContains().test(body.value());
        }
        if (key instanceof SearchKey.Text text) {
            return message.textContains().test(text.value());
        }
        if (key instanceof SearchKey.OnDate date) {
            return onDate(date, message);
        }
        if (key instanceof SearchKey.Size size) {
            return size.larger() ? message.size() > size.octets() : message.size() < size.octets();
        }
        if (key instanceof SearchKey.Age age) {
            long seconds = now.getEpochSecond() - message.internalDate().getEpochSecond();
            return age.older() ? seconds >= age.seconds() : seconds <= age.seconds();
        }
        if (key instanceof SearchKey.Sequence sequence) {
            return sequence.set().saved() ? saved(message.uid()) : sequence.set().contains(message.msn(), messages);
        }
        if (key instanceof SearchKey.Uid uid) {
            return uid.set().saved() ? saved(message.uid()) : uid.set().contains(message.uid(), lastUid);
        }
        if (key instanceof SearchKey.ModSeq modSeq) {
            return message.modSeq() >= modSeq.modSeq();
        }
        if (key instanceof SearchKey.EmailId emailId) {
            return emailId.objectId().equals(message.emailId());
        }
        // ALL and SAVEDATESUPPORTED match everything; no message has a thread id.
        return key instanceof SearchKey.All || key instanceof SearchKey.SaveDateSupported;
    }

    private boolean saved(long uid) {
        return Arrays.binarySearch(savedResult, uid) >= 0;
    }

    /** An empty value asks only whether the field is there (RFC 9051 §6.4.4 HEADER). */
    private static boolean header(SearchKey.Header key, Candidate message) {
        List<String> values = message.headers().getOrDefault(key.field().toLowerCase(Locale.ROOT), List.of());
        if (key.value().isEmpty()) {
            return !values.isEmpty();
        }
        return values.stream().anyMatch(value -> contains(value, key.value()));
    }

    private static boolean onDate(SearchKey.OnDate key, Candidate message) {
        LocalDate date;
        if (key.field() == SearchKey.DateField.SENT) {
            OffsetDateTime sent = message.sentDate().get();
            if (sent == null) {
                return false;
            }
            date = sent.toLocalDate();
        } else if (key.field() == SearchKey.DateField.SAVED && message.saveDate() != null) {
            date = message.saveDate().atOffset(ZoneOffset.UTC).toLocalDate();
        } else {
            date = message.internalDate().atOffset(ZoneOffset.UTC).toLocalDate();
        }
        return switch (key.relation()) {
            case BEFORE -> date.isBefore(key.date());
            case ON -> date.isEqual(key.date());
            case SINCE -> !date.isBefore(key.date());
        };
    }

    static boolean contains(String haystack, String needle) {
        return haystack.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
    }
}
