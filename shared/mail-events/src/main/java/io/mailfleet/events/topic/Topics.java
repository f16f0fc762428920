package io.mailfleet.events.topic;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The names of the Kafka topics mailfleet uses; configuration, so that several deployments can
 * share one cluster.
 *
 * @param inbound accepted mail, keyed by message id
 * @param outbound mail to relay, keyed by destination domain
 * @param mailboxEvents mailbox changes, keyed by account
 * @param deadLetter records consumers gave up on, with the reason in headers
 */
public record Topics(String inbound, String outbound, String mailboxEvents, String deadLetter) {

    /** Kafka's own rule; checked here so a typo fails at start-up rather than at the first publish. */
    private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public static final Topics DEFAULTS = new Topics("mail.inbound", "mail.outbound", "mailbox.events", "mail.deadletter");

    public Topics {
        check(inbound, "inbound");
        check(outbound, "outbound");
        check(mailboxEvents, "mailboxEvents");
        check(deadLetter, "deadLetter");
        if (List.of(inbound, outbound, mailboxEvents, deadLetter).stream().distinct().count() < 4) {
            throw new IllegalArgumentException("topic names must be distinct");
        }
    }

    public List<String> all() {
        return List.of(inbound, outbound, mailboxEvents, deadLetter);
    }

    private static void check(String name, String role) {
        Objects.requireNonNull(name, role);
        if (!LEGAL_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("illegal " + role + " topic name \"" + name
                    + "\": use 1 to 249 of a-z, A-Z, 0-9, '.', '_', '-'");
        }
    }
}
