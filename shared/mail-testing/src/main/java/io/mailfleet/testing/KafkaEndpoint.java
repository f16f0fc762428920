package io.mailfleet.testing;

/** Where Kafka listens, in the form the clients' bootstrap.servers setting takes. */
public record KafkaEndpoint(String bootstrapServers) {
}
