package io.mailfleet.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * The size and shape of a run, from {@code chaos.*} system properties (the IT's short form) or
 * {@code --messages N --seed S --faults full|short} (bench/chaos.sh's long form).
 *
 * @param messages how many messages must be answered 250
 * @param seed     decides the faults, the recipients and the readers' choices
 * @param senders  SMTP clients at once
 * @param accounts local accounts; the first six have roles (alias targets, POP3 and IMAP readers)
 * @param shape    which faults
 * @param settle   how long delivery may take to catch up after the load before the check
 */
record ChaosSettings(int messages, long seed, int senders, int accounts, FaultPlan.Shape shape, Duration settle) {

    static final int ROLE_ACCOUNTS = 6;

    ChaosSettings {
        if (messages < 1 || senders < 1 || accounts < ROLE_ACCOUNTS) {
            throw new IllegalArgumentException("need messages >= 1, senders >= 1, accounts >= " + ROLE_ACCOUNTS);
        }
    }

    static ChaosSettings from(Properties properties) {
        String seed = properties.getProperty("chaos.seed");
        return new ChaosSettings(
                Integer.parseInt(properties.getProperty("chaos.messages", "1000")),
                seed == null || seed.isBlank() ? System.nanoTime() % 100_000 : Long.parseLong(seed),
                // Between faults a client mostly waits (Cassandra's commit log sync, S3), not for CPU:
                // eight carried the same seed's load 1.3 to 1.8 times as fast as four, with no more CPU.
                Integer.parseInt(properties.getProperty("chaos.senders", "8")),
                Integer.parseInt(properties.getProperty("chaos.accounts", "20")),
                "full".equals(properties.getProperty("chaos.faults", "short")) ? FaultPlan.Shape.FULL : FaultPlan.Shape.SHORT,
                Duration.ofSeconds(Long.parseLong(properties.getProperty("chaos.settle-seconds", "180"))));
    }

    /** {@code --messages N --seed S --senders N --accounts N --faults full|short}, over the system properties. */
    static ChaosSettings fromArgs(List<String> args, Properties defaults) {
        Properties properties = new Properties();
        properties.putAll(defaults);
        for (int i = 0; i < args.size(); i += 2) {
            String name = args.get(i);
            if (!name.startsWith("--") || i + 1 == args.size()) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args);
            }
            properties.setProperty("chaos." + name.substring(2), args.get(i + 1));
        }
        return from(properties);
    }
}
