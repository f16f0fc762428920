package io.mailfleet.quarkus.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailfleet.mime.field.BaseSubject;
import io.mailfleet.mime.field.DateFieldParser;
import io.mailfleet.mime.field.MessageIds;
import io.mailfleet.mime.model.HeaderDate;
import io.mailfleet.model.event.ContentFacts;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.SortFields;
import io.mailfleet.store.mailbox.ThreadFields;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message's sort keys (RFC 5256 §2 and §3, RFC 5957) and threading facts worked out from its decoded header
 * fields: when the message is added to a mailbox (delivery, APPEND), for its row to keep them, and by SORT and
 * THREAD for a row written before rows kept them.
 */
public final class SortFieldsOf {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ANGLE = Pattern.compile("<([^>]*)>");

    private SortFieldsOf() {
    }

    /** The keys of a message whose parsed content is {@code content}. */
    public static SortFields of(MessageContent content, Instant internalDate) {
        return of(headerFields(content.headerIndex()), internalDate);
    }

    /** The keys of a message whose event carried its content's facts. */
    public static SortFields of(ContentFacts facts, Instant internalDate) {
        Map<String, List<String>> headers = new HashMap<>();
        facts.sortHeaders().forEach((field, value) -> headers.put(field, List.of(value)));
        return of(headers, internalDate);
    }

    /** What the rows of a message with this parsed content keep of it, for its event to carry; none when too long. */
    public static Optional<ContentFacts> factsOf(MessageContent content) {
        return ContentFacts.of(headerFields(content.headerIndex()), content.rowSignature());
    }

    /** The keys of a message whose decoded header fields, by lowercased name, are {@code headers}. */
    public static SortFields of(Map<String, List<String>> headers, Instant internalDate) {
        BaseSubject subject = BaseSubject.of(first(headers, "subject"));
        return new SortFields(sentDate(first(headers, "date"), internalDate), subject.text(),
                mailbox(first(headers, "from")), mailbox(first(headers, "to")), mailbox(first(headers, "cc")),
                display(first(headers, "from")), display(first(headers, "to")), thread(headers, subject));
    }

    /**
     * RFC 5256 §3, REFERENCES: the message's own Message ID, and its references: the Message IDs of its References
     * field or, when that has no valid one, the first valid one of its In-Reply-To field.
     */
    static ThreadFields thread(Map<String, List<String>> headers, BaseSubject subject) {
        List<String> own = MessageIds.of(first(headers, "message-id"));
        List<String> parents = MessageIds.of(first(headers, "references"));
        if (parents.isEmpty()) {
            parents = MessageIds.of(first(headers, "in-reply-to")).stream().limit(1).toList();
        }
        return new ThreadFields(own.isEmpty() ? "" : own.get(0), parents, subject.replyOrForward());
    }

    /** RFC 5256 §2.2: the Date field, or the internal date when it is missing or unreadable. */
    static Instant sentDate(String date, Instant internalDate) {
        HeaderDate sent = date.isEmpty() ? null : DateFieldParser.parse(date);
        return sent == null ? internalDate : Instant.ofEpochSecond(sent.epochSecond());
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

    private static String first(Map<String, List<String>> headers, String field) {
        List<String> values = headers.getOrDefault(field, List.of());
        return values.isEmpty() ? "" : values.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> headerFields(String headerIndexJson) {
        try {
            Object fields = JSON.readValue(headerIndexJson, Map.class).get("fields");
            return fields instanceof Map<?, ?> map ? (Map<String, List<String>>) map : Map.of();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored header index unreadable", e);
        }
    }
}
