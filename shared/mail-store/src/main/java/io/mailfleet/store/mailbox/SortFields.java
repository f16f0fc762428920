package io.mailfleet.store.mailbox;

import java.time.Instant;
import java.util.Objects;

/**
 * A message's sort keys of RFC 5256 §3 (and RFC 5957's DISPLAYFROM and DISPLAYTO) with its threading facts, worked
 * out once when the message is added to a mailbox and kept in its row, so that SORT and THREAD read them with the
 * row instead of parsing header fields each time.
 *
 * @param sentDate    the sent date of RFC 5256 §2.2: the Date field's, or the internal date when the field is
 *                    missing or unreadable
 * @param subject     the base subject of RFC 5256 §2.1, lowercased
 * @param from        the local part of the first From address, lowercased ("" without one)
 * @param to          the same of the first To address
 * @param cc          the same of the first Cc address
 * @param displayFrom the display name of the first From address, else its address, lowercased (RFC 5957)
 * @param displayTo   the same of the first To address
 * @param thread      the facts THREAD reads besides the sent date and the base subject; null when unknown, as in a
 *                    row written before rows kept them (migration 017) and in what SORT reads
 */
public record SortFields(Instant sentDate, String subject, String from, String to, String cc, String displayFrom,
                         String displayTo, ThreadFields thread) {

    public SortFields {
        Objects.requireNonNull(sentDate, "sentDate");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(cc, "cc");
        Objects.requireNonNull(displayFrom, "displayFrom");
        Objects.requireNonNull(displayTo, "displayTo");
    }
}
