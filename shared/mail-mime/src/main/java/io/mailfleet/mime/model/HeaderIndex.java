package io.mailfleet.mime.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The top-level header fields for SEARCH: lowercased field name to every value in header order,
 * unfolded, trimmed and with RFC 2047 encoded words decoded.
 *
 * @param complete false when the header block was larger than the limit and later fields were
 *                 left out (the envelope and MIME fields are always kept)
 */
public record HeaderIndex(Map<String, List<String>> fields, boolean complete) {

    public HeaderIndex {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        fields.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        fields = Collections.unmodifiableMap(copy);
    }

    public List<String> values(String fieldName) {
        return fields.getOrDefault(fieldName.toLowerCase(Locale.ROOT), List.of());
    }

    /** The first value of the field, or null when the message has none. */
    public String first(String fieldName) {
        List<String> values = values(fieldName);
        return values.isEmpty() ? null : values.get(0);
    }
}
