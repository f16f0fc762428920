package io.mailfleet.events.directory;

import io.mailfleet.events.broadcast.BroadcastReader;
import io.mailfleet.events.broadcast.BroadcastSettings;
import io.mailfleet.model.event.DirectoryChanged;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Every instance's own reading of the directory events topic, as a broadcast ({@link BroadcastReader}):
 * each {@link DirectoryChanged} admin-api publishes is handed to this instance's caches, so a removed
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

    /**
     * How long the broker may hold a fetch of this quiet topic open: Kafka's own default rather than the
     * broadcast's 100 ms. A held fetch is answered as soon as a record is appended (the broadcast's
     * fetch.min.bytes is 1), so no removal is heard later for it; only the empty fetches every service
     * makes while nothing changes, and the CPU each costs, become five times fewer.
     */
    static final String FETCH_MAX_WAIT_MS = "500";

    /** Starts reading {@code topic} on a thread of its own, handing each event to {@code forget}, until {@link #close()}. */
    public static DirectoryChangeReader start(String bootstrapServers, String topic, Map<String, String> clientProperties,
                                              Consumer<DirectoryChanged> forget) {
        Map<String, String> properties = new HashMap<>(clientProperties);
        properties.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        BroadcastSettings settings = BroadcastSettings.defaults(bootstrapServers, topic).withClientProperties(properties);
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
