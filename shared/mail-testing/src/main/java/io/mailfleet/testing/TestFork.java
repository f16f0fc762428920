package io.mailfleet.testing;

/**
 * Which of a module's test JVMs this is, when Failsafe runs a module's integration tests in several
 * JVMs at once ({@code forkCount} above 1). The build passes each JVM its fork number as
 * {@value #PROPERTY}: {@code fork-1}, {@code fork-2}, ... The first fork, like a JVM run without forks, keeps the module's own names;
 * every other fork adds its number, so that forks of one module that share the build's servers
 * never read each other's keyspace or topics.
 */
public final class TestFork {

    /** Set by the build to {@code fork-} and Failsafe's {@code surefire.forkNumber}. */
    public static final String PROPERTY = "mailfleet.test.fork";

    private TestFork() {
    }

    /** This JVM's fork number: 1 when the build runs the module's tests in one JVM or names none. */
    public static int number() {
        return parse(System.getProperty(PROPERTY));
    }

    /** {@code name} in the first fork, {@code name + separator + number} in the others. */
    public static String name(String name, String separator) {
        return name(name, separator, number());
    }

    static int parse(String fork) {
        return fork != null && fork.matches("fork-[1-9][0-9]{0,8}") ? Integer.parseInt(fork.substring("fork-".length())) : 1;
    }

    static String name(String name, String separator, int fork) {
        return fork == 1 ? name : name + separator + fork;
    }
}
