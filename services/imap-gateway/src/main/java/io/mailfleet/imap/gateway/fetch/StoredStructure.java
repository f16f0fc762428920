package io.mailfleet.imap.gateway.fetch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailfleet.mime.model.MimePart;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Reads back what delivery and APPEND stored of a message's parse in Cassandra: the MIME tree with
 * the octet ranges of every part, and the header index SEARCH tests.
 */
public final class StoredStructure {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private StoredStructure() {
    }

    /** The message's body as {@code MessageContent.sections()} holds it. */
    public static MimePart parts(String sectionsJson) {
        try {
            return JSON.readValue(sectionsJson, MimePart.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored MIME structure unreadable", e);
        }
    }

    /** Lowercased field name to its decoded values, as {@code MessageContent.headerIndex()} holds them. */
    @SuppressWarnings("unchecked")
    public static Map<String, List<String>> headerFields(String headerIndexJson) {
        try {
            Map<String, Object> index = JSON.readValue(headerIndexJson, Map.class);
            Object fields = index.get("fields");
            return fields instanceof Map<?, ?> map ? (Map<String, List<String>>) map : Map.of();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored header index unreadable", e);
        }
    }

    /** Whether the stored header index holds every top-level field: false when the header was past the parser's bound. */
    public static boolean headerComplete(String headerIndexJson) {
        try {
            return !Boolean.FALSE.equals(JSON.readValue(headerIndexJson, Map.class).get("complete"));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored header index unreadable", e);
        }
    }
}
