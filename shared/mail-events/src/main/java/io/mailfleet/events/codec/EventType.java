package io.mailfleet.events.codec;

import io.mailfleet.model.event.DirectoryChanged;
import io.mailfleet.model.event.FlagsChanged;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.model.event.MessageAdded;
import io.mailfleet.model.event.MessageExpunged;
import io.mailfleet.model.event.OutboundMail;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An event type as it appears on the wire: the {@code type} name written into the JSON, the record
 * it maps to, and the newest version this code understands.
 *
 * <p>The {@code version} field of an event is its major version. Additive changes (a new optional
 * field) keep it, since readers ignore fields they do not know; a change old readers would
 * misinterpret raises it, and those readers then refuse the event instead of guessing.
 *
 * @param name the stable wire name; never derived from the Java class name, so renaming a class
 *     cannot change the format
 */
public record EventType<T>(String name, Class<T> javaClass, int currentVersion) {

    public static final EventType<MailAccepted> MAIL_ACCEPTED =
            new EventType<>("MailAccepted", MailAccepted.class, MailAccepted.CURRENT_VERSION);
    public static final EventType<MessageAdded> MESSAGE_ADDED =
            new EventType<>("MessageAdded", MessageAdded.class, MessageAdded.CURRENT_VERSION);
    public static final EventType<MessageExpunged> MESSAGE_EXPUNGED =
            new EventType<>("MessageExpunged", MessageExpunged.class, MessageExpunged.CURRENT_VERSION);
    public static final EventType<FlagsChanged> FLAGS_CHANGED =
            new EventType<>("FlagsChanged", FlagsChanged.class, FlagsChanged.CURRENT_VERSION);

    public static final EventType<OutboundMail> OUTBOUND_MAIL =
            new EventType<>("OutboundMail", OutboundMail.class, OutboundMail.CURRENT_VERSION);

    public static final EventType<DirectoryChanged> DIRECTORY_CHANGED =
            new EventType<>("DirectoryChanged", DirectoryChanged.class, DirectoryChanged.CURRENT_VERSION);

    public static final List<EventType<?>> ALL =
            List.of(MAIL_ACCEPTED, MESSAGE_ADDED, MESSAGE_EXPUNGED, FLAGS_CHANGED, OUTBOUND_MAIL, DIRECTORY_CHANGED);

    public EventType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(javaClass, "javaClass");
        if (currentVersion < 1) {
            throw new IllegalArgumentException("currentVersion must be at least 1");
        }
    }

    public static Optional<EventType<?>> named(String name) {
        return ALL.stream().filter(type -> type.name.equals(name)).findFirst();
    }

    public static Optional<EventType<?>> of(Class<?> javaClass) {
        return ALL.stream().filter(type -> type.javaClass == javaClass).findFirst();
    }
}
