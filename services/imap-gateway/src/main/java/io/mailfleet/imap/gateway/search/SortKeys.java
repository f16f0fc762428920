package io.mailfleet.imap.gateway.search;

import io.mailfleet.imap.command.SortCommand;
import io.mailfleet.mime.field.DateFieldParser;
import io.mailfleet.mime.model.HeaderDate;

import java.time.Instant;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sort keys of RFC 5256 §3 (and DISPLAYFROM/DISPLAYTO of RFC 5957) over the facts Cassandra holds:
 * dates, size and the decoded header fields.
 */
public final class SortKeys {

    private static final Pattern ANGLE = Pattern.compile("<([^>]*)>");

    /** One message as SORT compares it. */
    public record Facts(long uid, int msn, long size, Instant internalDate, Map<String, List<String>> headers) {

        String first(String field) {
            List<String> values = headers.getOrDefault(field, List.of());
            return values.isEmpty() ? "" : values.get(0);
        }
    }

    private SortKeys() {
    }

    /**
     * The order of the criteria, for one sort: a key that costs a parse or a rewrite (the Date field, the
     * base subject, an address) is worked out once per message and kept, not at each of the about log2 n
     * comparisons a sort of n messages makes of each.
     */
    public static Comparator<Facts> comparator(List<SortCommand.Criterion> criteria) {
        Comparator<Facts> order = (a, b) -> 0;
        for (SortCommand.Criterion criterion : criteria) {
            Comparator<Facts> one = of(criterion.key());
            order = order.thenComparing(criterion.reverse() ? one.reversed() : one);
        }
        return order;
    }

    private static Comparator<Facts> of(SortCommand.SortKey key) {
        return switch (key) {
            case ARRIVAL -> Comparator.comparing(Facts::internalDate);
            case DATE -> Comparator.comparing(once(SortKeys::sentOrArrival));
            case SIZE -> Comparator.comparingLong(Facts::size);
            case SUBJECT -> Comparator.comparing(once(facts -> baseSubject(facts.first("subject"))));
            case FROM -> Comparator.comparing(once(facts -> mailbox(facts.first("from"))));
            case TO -> Comparator.comparing(once(facts -> mailbox(facts.first("to"))));
            case CC -> Comparator.comparing(once(facts -> mailbox(facts.first("cc"))));
            case DISPLAYFROM -> Comparator.comparing(once(facts -> display(facts.first("from"))));
            case DISPLAYTO -> Comparator.comparing(once(facts -> display(facts.first("to"))));
        };
    }

    /** {@code key}, worked out at a message's first use and kept for the function's life (one sort). */
    static <K> Function<Facts, K> once(Function<Facts, K> key) {
        // By identity: a record's own hash would hash its header fields at every lookup.
        Map<Facts, K> known = new IdentityHashMap<>();
        return facts -> known.computeIfAbsent(facts, key);
    }

    /** RFC 5256 §2.2: the Date field, or the internal date when it is missing or unreadable. */
    static Instant sentOrArrival(Facts facts) {
        HeaderDate sent = facts.first("date").isEmpty() ? null : DateFieldParser.parse(facts.first("date"));
        return sent == null ? facts.internalDate() : Instant.ofEpochSecond(sent.epochSecond());
    }

    /** RFC 5256 §2.1: the subject without reply and forward markers, lowercased. */
    public static String baseSubject(String subject) {
        return BaseSubject.of(subject).text();
    }

    /** The local part of the first address (RFC 5256 §3 {@code addr-mailbox}), lowercased. */
    static String mailbox(String addresses) {
        String address = addressSpec(addresses);
        int at = address.indexOf('@');
        return (at < 0 ? address : address.substring(0, at)).toLowerCase(Locale.ROOT);
    }

    /** RFC 5957: the display name of the first address, else its address. */
    static String display(String addresses) {
        String first = addresses.split(",", 2)[0];
        int angle = first.indexOf('<');
        String name = angle > 0 ? first.substring(0, angle).trim().replaceAll("^\"|\"$", "") : "";
        return (name.isEmpty() ? addressSpec(addresses) : name).toLowerCase(Locale.ROOT);
    }

    private static String addressSpec(String addresses) {
        String first = addresses.split(",", 2)[0].trim();
        Matcher angle = ANGLE.matcher(first);
        return angle.find() ? angle.group(1).trim() : first;
    }
}
