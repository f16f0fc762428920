package io.mailfleet.imap.gateway.search;

import io.mailfleet.imap.command.SortCommand;
import io.mailfleet.store.mailbox.SortFields;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The sort keys of RFC 5256 §3 (and DISPLAYFROM/DISPLAYTO of RFC 5957) over the facts Cassandra holds: size,
 * internal date and the keys worked out once from the header fields ({@link SortFields}).
 */
public final class SortKeys {

    /**
     * One message as SORT compares it.
     *
     * @param keys its sort keys; null when the sort compares only {@link #DATES_AND_SIZE dates and size}
     */
    public record Facts(long uid, int msn, long size, Instant internalDate, Instant sentDate, SortFields keys) {

        /** A message with all its sort keys. */
        public Facts(long uid, int msn, long size, Instant internalDate, SortFields keys) {
            this(uid, msn, size, internalDate, keys.sentDate(), keys);
        }
    }

    /** The criteria whose facts the store keeps in its sort date blocks, a few bytes a message. */
    public static final Set<SortCommand.SortKey> DATES_AND_SIZE = EnumSet.of(SortCommand.SortKey.ARRIVAL, SortCommand.SortKey.DATE,
            SortCommand.SortKey.SIZE);

    private SortKeys() {
    }

    /** Whether the criteria compare only {@link #DATES_AND_SIZE dates and size}. */
    public static boolean byDatesAndSize(List<SortCommand.Criterion> criteria) {
        return criteria.stream().allMatch(criterion -> DATES_AND_SIZE.contains(criterion.key()));
    }

    /** The order of the criteria, for one sort; the caller breaks what ties remain by message number. */
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
            case DATE -> Comparator.comparing(Facts::sentDate);
            case SIZE -> Comparator.comparingLong(Facts::size);
            case SUBJECT -> Comparator.comparing(facts -> facts.keys().subject());
            case FROM -> Comparator.comparing(facts -> facts.keys().from());
            case TO -> Comparator.comparing(facts -> facts.keys().to());
            case CC -> Comparator.comparing(facts -> facts.keys().cc());
            case DISPLAYFROM -> Comparator.comparing(facts -> facts.keys().displayFrom());
            case DISPLAYTO -> Comparator.comparing(facts -> facts.keys().displayTo());
        };
    }
}
