package io.mailfleet.quarkus.config;

import io.mailfleet.events.topic.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code mailfleet.topics.*}: the Kafka topic names, so that deployments can share a cluster. */
@ConfigMapping(prefix = "mailfleet.topics")
public interface TopicSettings {

    @WithDefault("mail.inbound")
    String inbound();

    @WithDefault("mail.outbound")
    String outbound();

    @WithDefault("mailbox.events")
    String mailboxEvents();

    @WithDefault("mail.deadletter")
    String deadLetter();

    /** Removals of domains, accounts and aliases, which every instance reads to drop what its caches hold. */
    @WithDefault("directory.events")
    String directoryEvents();

    default Topics toTopics() {
        return new Topics(inbound(), outbound(), mailboxEvents(), deadLetter());
    }
}
