package io.mailfleet.testing;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Chooses how servers run. {@code MAILFLEET_INFRA} (or the system property {@code mailfleet.infra})
 * forces {@code processes} or {@code containers}; otherwise containers are used when a Docker
 * engine answers, and local processes when none does.
 */
public enum InfrastructureMode {
    PROCESSES,
    CONTAINERS;

    public static final String ENVIRONMENT_VARIABLE = "MAILFLEET_INFRA";
    public static final String SYSTEM_PROPERTY = "mailfleet.infra";

    public static InfrastructureMode resolve(BooleanSupplier dockerAvailable) {
        String forced = System.getProperty(SYSTEM_PROPERTY, System.getenv(ENVIRONMENT_VARIABLE));
        return parse(forced, dockerAvailable);
    }

    static InfrastructureMode parse(String setting, BooleanSupplier dockerAvailable) {
        String value = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "processes", "process", "local" -> PROCESSES;
            case "containers", "container", "testcontainers", "docker" -> CONTAINERS;
            case "", "auto" -> dockerAvailable.getAsBoolean() ? CONTAINERS : PROCESSES;
            default -> throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + "=" + setting
                    + " is not one of: processes, containers, auto");
        };
    }
}
