package io.mailfleet.testing;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The names under which the tests of one module keep their data on servers the whole build shares
 * ({@link BuildServers}): one keyspace and one topic prefix per module, so that what one module's tests
 * leave behind never reaches another module's. Every test class of a module uses the same keyspace:
 * migrating one costs tens of seconds on a loaded machine, so a module migrates it once, and its tests
 * keep their data apart by names of their own (domains, accounts). A test that needs an empty store or
 * a schema of its own uses a keyspace of its own and says why.
 */
public final class ModuleNames {

    private ModuleNames() {
    }

    /** The test module's folder name: Surefire and Failsafe run tests in the module's folder. */
    public static String module() {
        Path folder = Path.of("").toAbsolutePath().getFileName();
        return folder == null ? "tests" : folder.toString().replaceAll("[^A-Za-z0-9_-]", "-");
    }

    /** The module's keyspace: {@code smtp_ingress_test} for smtp-ingress (CQL names allow no hyphen). */
    public static String keyspace() {
        return module().toLowerCase(Locale.ROOT).replace('-', '_') + "_test";
    }
}
