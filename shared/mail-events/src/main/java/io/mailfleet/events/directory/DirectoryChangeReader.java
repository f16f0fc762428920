package io.mailfleet.events.directory;

import io.mailfleet.events.broadcast.BroadcastReader;
import io.mailfleet.events.broadcast.BroadcastSettings;
import io.mailfleet.model.event.DirectoryChanged;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every instance's own reading of the directory events topic, as a broadcast ({@link BroadcastReader}):
 * each {@link DirectoryChanged} admin-api publishes is handed to this instance's caches, so a changed or removed
 * domain, account or alias is forgotten at once.
 *
 * <p>Events are hints: while Kafka cannot be reached the reader keeps trying and the caches fall
 * back to their time to live, which bounds how long a removed entry is still answered from memory.
 * The callback runs on the reader's thread and must return at once.
 */
public final class DirectoryChangeReader implements AutoCloseable {

    private final BroadcastReader<DirectoryChanged> reader;

    private DirectoryChangeReader(BroadcastReader<DirectoryChanged> reader) {
        this.reader = reader;
    }

    /** Starts reading {@code topic} on a thread of its own, handing each event to {@code forget}, until {@link #close()}. */
    public static DirectoryChangeReader start(String bootstrapServers, String topic, Map<String, String> clientProperties,
                                              Consumer<DirectoryChanged> forget) {
        BroadcastSettings settings = BroadcastSettings.defaults(bootstrapServers, topic).withClientProperties(clientProperties);
        return new DirectoryChangeReader(BroadcastReader.start(settings, DirectoryChanged.class,
                (change, publishedAt) -> forget.accept(change)));
    }

    /** True while every partition of the topic is read: every removal published from then on is heard. */
    public boolean reading() {
        return reader.connected();
    }

    @Override
    public void close() {
        reader.close();
    }
}
