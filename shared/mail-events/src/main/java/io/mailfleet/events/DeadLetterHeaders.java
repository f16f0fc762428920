package io.mailfleet.events;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The headers an {@link EventConsumer} adds to a dead-lettered record, besides the original
 * record's own headers, key and value. Values are UTF-8 text.
 */
public final class DeadLetterHeaders {

    public static final String ORIGINAL_TOPIC = "mailfleet.dlq.original.topic";
    public static final String ORIGINAL_PARTITION = "mailfleet.dlq.original.partition";
    public static final String ORIGINAL_OFFSET = "mailfleet.dlq.original.offset";
    /** Handler attempts made; 0 for a record that could not be decoded. */
    public static final String ATTEMPTS = "mailfleet.dlq.attempts";
    /** The class name of the last failure. */
    public static final String REASON_CLASS = "mailfleet.dlq.reason.class";
    /** The message of the last failure, cut to {@link #MAX_REASON_LENGTH} characters. */
    public static final String REASON_MESSAGE = "mailfleet.dlq.reason.message";

    public static final int MAX_REASON_LENGTH = 1000;

    private DeadLetterHeaders() {
    }

    /** The last value of the header {@code name}, as text. */
    public static Optional<String> value(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null
                ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
