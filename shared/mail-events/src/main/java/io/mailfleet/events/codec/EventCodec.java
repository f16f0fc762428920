package io.mailfleet.events.codec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Writes events as UTF-8 JSON objects and reads them back. Each object carries the record's
 * components plus a {@code type} field naming the {@link EventType}, so one topic can hold several
 * event types and a dead-lettered payload explains itself.
 *
 * <p>Reading ignores unknown fields, so a newer producer may add optional fields without breaking
 * older consumers, and rejects a {@code version} above {@link EventType#currentVersion()}. Instants
 * are ISO-8601 strings. Instances are thread-safe.
 */
public final class EventCodec {

    public static final String TYPE_FIELD = "type";
    public static final String VERSION_FIELD = "version";

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A missing boolean or number must not silently become false or 0.
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // With duplicates, which value wins would depend on the reader's library.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * The {@code type} field, then the event's own fields as Jackson writes the record, in one pass.
     * Every event is published (one per accepted message, one per mailbox change): building a tree
     * of the event and writing the tree cost three passes over it for what one does.
     */
    public byte[] encode(Object event) {
        Objects.requireNonNull(event, "event");
        EventType<?> type = EventType.of(event.getClass())
                .orElseThrow(() -> new EventEncodingException(event.getClass().getName() + " is not an event type"));
        int version = VERSIONS.get(event.getClass()).applyAsInt(event);
        if (version > type.currentVersion()) {
            throw new EventEncodingException(type.name() + " version " + version
                    + " is newer than this code's version " + type.currentVersion());
        }
        byte[] fields;
        try {
            fields = mapper.writeValueAsBytes(event);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new EventEncodingException("cannot write " + type.name() + ": " + e.getMessage(), e);
        }
        // A record is written as an object, "{" fields "}": the type goes in after its "{".
        byte[] typeField = ("{\"" + TYPE_FIELD + "\":\"" + type.name() + "\"" + (fields.length > 2 ? "," : ""))
                .getBytes(StandardCharsets.US_ASCII);
        byte[] json = Arrays.copyOf(typeField, typeField.length + fields.length - 1);
        System.arraycopy(fields, 1, json, typeField.length, fields.length - 1);
        return json;
    }

    /** Each event record's {@code version} component, found once per class. */
    private static final ClassValue<ToIntFunction<Object>> VERSIONS = new ClassValue<>() {
        @Override
        protected ToIntFunction<Object> computeValue(Class<?> record) {
            for (RecordComponent component : record.getRecordComponents()) {
                if (component.getName().equals(VERSION_FIELD) && component.getType() == int.class) {
                    Method accessor = component.getAccessor();
                    return event -> {
                        try {
                            return (int) accessor.invoke(event);
                        } catch (ReflectiveOperationException e) {
                            throw new IllegalStateException("cannot read the version of " + record.getName(), e);
                        }
                    };
                }
            }
            throw new IllegalStateException(record.getName() + " has no int " + VERSION_FIELD + " component");
        }
    };

    /**
     * Reads one event that must be an {@code expected}: a record class, a common interface such as
     * {@link io.mailfleet.model.event.MailboxEvent}, or {@code Object} for any type.
     *
     * @throws UnsupportedEventVersionException if the event's major version is newer than this code
     * @throws EventDecodingException for anything else that is not a valid {@code expected}
     */
    public <T> T decode(byte[] json, Class<T> expected) {
        Objects.requireNonNull(expected, "expected");
        JsonNode root = parse(json);
        EventType<?> type = typeOf(root);
        if (!expected.isAssignableFrom(type.javaClass())) {
            throw new EventDecodingException("expected " + expected.getSimpleName() + ", got " + type.name());
        }
        int version = versionOf(root, type);
        if (version > type.currentVersion()) {
            throw new UnsupportedEventVersionException(type.name(), version, type.currentVersion());
        }
        try {
            return expected.cast(mapper.treeToValue(root, type.javaClass()));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new EventDecodingException("invalid " + type.name() + ": " + rootCauseMessage(e), e);
        }
    }

    private JsonNode parse(byte[] json) {
        if (json == null || json.length == 0) {
            throw new EventDecodingException("empty payload");
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new EventDecodingException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new EventDecodingException("cannot read JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new EventDecodingException("not a JSON object");
        }
        return root;
    }

    private static EventType<?> typeOf(JsonNode root) {
        JsonNode name = root.get(TYPE_FIELD);
        if (name == null || !name.isTextual()) {
            throw new EventDecodingException("the \"" + TYPE_FIELD + "\" field is missing or not a string");
        }
        return EventType.named(name.asText())
                .orElseThrow(() -> new EventDecodingException("unknown event type \"" + name.asText() + "\""));
    }

    private static int versionOf(JsonNode root, EventType<?> type) {
        JsonNode version = root.get(VERSION_FIELD);
        if (version == null || !version.isIntegralNumber() || !version.canConvertToInt()) {
            throw new EventDecodingException(type.name() + " has no integer \"" + VERSION_FIELD + "\" field");
        }
        return version.intValue();
    }

    /** The records' own validation messages say what is wrong; Jackson's wrappers only add noise. */
    private static String rootCauseMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause instanceof JacksonException jackson ? jackson.getOriginalMessage() : cause.getMessage();
        return message != null ? message : cause.getClass().getSimpleName();
    }
}
