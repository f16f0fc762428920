package io.mailfleet.events;

/**
 * One decoded event as handed to an {@link EventHandler}, with where it came from.
 *
 * @param key the record key as UTF-8 text, null if the record had none
 * @param attempt 1 on first delivery to this consumer, counting up while the handler fails
 */
public record ReceivedEvent<T>(String topic, int partition, long offset, String key, T event, int attempt) {
}
