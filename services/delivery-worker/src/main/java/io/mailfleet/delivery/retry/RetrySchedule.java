package io.mailfleet.delivery.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When a temporarily failed delivery is tried again, and through which delay topic. The delays grow
 * geometrically up to a ceiling (1 min, 4 min, 16 min, 1 h by default), one topic each. The next
 * delay is chosen from how long the message has waited already, the longest step not above that
 * wait, so the backoff grows without an attempt counter having to survive redeliveries.
 */
public final class RetrySchedule {

    private final List<Duration> delays;
    private final Duration giveUpAfter;
    private final String topicPrefix;

    public RetrySchedule(Duration initialDelay, int multiplier, Duration maxDelay, Duration giveUpAfter, String topicPrefix) {
        if (initialDelay.isNegative() || initialDelay.isZero() || multiplier < 1 || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("retry delays must start above zero, grow and reach the maximum");
        }
        List<Duration> steps = new ArrayList<>();
        for (Duration delay = initialDelay; ; delay = delay.multipliedBy(multiplier)) {
            if (delay.compareTo(maxDelay) >= 0 || multiplier == 1) {
                steps.add(delay.compareTo(maxDelay) >= 0 ? maxDelay : delay);
                break;
            }
            steps.add(delay);
        }
        this.delays = List.copyOf(steps);
        this.giveUpAfter = giveUpAfter;
        this.topicPrefix = topicPrefix;
    }

    public List<String> topics() {
        return delays.stream().map(this::topic).toList();
    }

    /** Whether a message accepted at {@code acceptedAt} has waited long enough to bounce. */
    public boolean expired(Instant acceptedAt, Instant now) {
        return !now.isBefore(acceptedAt.plus(giveUpAfter));
    }

    /** The next try for a message accepted at {@code acceptedAt}, never after the give-up time. */
    public Retry next(Instant acceptedAt, Instant now) {
        Duration waited = Duration.between(acceptedAt, now);
        Duration delay = delays.get(0);
        for (Duration step : delays) {
            if (step.compareTo(waited) <= 0) {
                delay = step;
            }
        }
        Instant due = now.plus(delay);
        Instant giveUp = acceptedAt.plus(giveUpAfter);
        return new Retry(topic(delay), due.isAfter(giveUp) ? giveUp : due);
    }

    private String topic(Duration delay) {
        return topicPrefix + "." + delay.toSeconds() + "s";
    }

    /** Publish the event to {@code topic}; the delay line forwards it at {@code dueAt}. */
    public record Retry(String topic, Instant dueAt) {
    }
}
