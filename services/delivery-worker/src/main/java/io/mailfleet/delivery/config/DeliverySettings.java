package io.mailfleet.delivery.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code mailfleet.delivery.*}, also settable as {@code MAILFLEET_DELIVERY_*} environment variables. */
@ConfigMapping(prefix = "mailfleet.delivery")
public interface DeliverySettings {

    /** Our name in bounces (Reporting-MTA, MAILER-DAEMON@…) and in EHLO; the machine's name when unset. */
    Optional<String> hostname();

    /** The Kafka consumer group: instances in one group share the partitions. */
    @WithDefault("delivery-worker")
    String consumerGroup();

    /**
     * Consumers of accepted mail per instance, each on its own thread; useful up to the partition count.
     * A message waits for the batch its consumer is handling: as many consumers as the local stack has
     * partitions (3) leaves no partition waiting behind another's batch.
     */
    @WithDefault("3")
    int inboundConsumers();

    /**
     * Accepted messages one consumer takes from Kafka in one poll and handles as one batch: their
     * copies for one INBOX are stored in one write. Larger batches share more round trips, but a
     * rebalance waits for each member's current batch: partitions of a dead worker must be taken
     * over within seconds, also on a loaded machine.
     */
    @WithDefault("50")
    int inboundBatchSize();

    /** Independent reads of a batch (duplicate claims, recipient and quota lookups, bodies to parse) run at once, on this many threads. */
    @WithDefault("16")
    int parallelReads();

    /** Events a batch publishes (MessageAdded, relay and retry events) that may wait for Kafka's acknowledgement at once. */
    @WithDefault("1000")
    int maxUnacknowledgedEvents();

    /** How long a message waits for an over-quota mailbox to make room before it bounces (5.2.2). */
    @WithDefault("1d")
    Duration quotaRetryFor();

    /**
     * How long the client's octets of a message received over SMTP are remembered per recipient: a
     * message with the same octets, sender and recipient within it is a retry after a 451 that Kafka
     * had taken anyway, and is not delivered again. Longer than SMTP clients' retry intervals.
     */
    @WithDefault("1d")
    Duration duplicateWindow();

    /** How far an alias may lead before delivery calls it a loop, and how many addresses it may fan out to. */
    @WithDefault("20")
    int maxAliasDepth();

    @WithDefault("1000")
    int maxAliasTargets();

    /**
     * How long a yes of the directory is taken as such without asking Cassandra again: a domain hosted here,
     * where an address leads, an account with its quota and INBOX; 0 asks every time. admin-api's changes
     * drop them at once, so this bounds staleness only while its events do not arrive.
     */
    @WithDefault("30s")
    Duration directoryCacheTtl();

    Retry retry();

    interface Retry {
        /** The first wait after a temporary failure; each next wait is {@link #multiplier()} times longer. */
        @WithDefault("1m")
        Duration initialDelay();

        @WithDefault("4")
        int multiplier();

        @WithDefault("1h")
        Duration maxDelay();

        /** A message still undelivered this long after it was accepted bounces (RFC 5321 §4.5.4.1: 4-5 days). */
        @WithDefault("5d")
        Duration giveUpAfter();

        /** The delay topics are named this prefix plus their delay in seconds, e.g. {@code mail.retry.60s}. */
        @WithDefault("mail.retry")
        String topicPrefix();
    }
}
