package io.mailfleet.testing.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Where and how the local servers run. A port of 0 means any free port.
 *
 * @param baseDir        one folder per server below it: kafka/, cassandra/, s3/, and logs/
 * @param deleteOnClose  remove {@code baseDir} when the servers stop (tests), or keep it (local stack)
 * @param quickStart     trade steady-state speed for start time (tests)
 * @param inMemoryS3     keep objects in S3Proxy's memory instead of files
 */
public record LocalServerSettings(
        Path baseDir,
        boolean deleteOnClose,
        boolean quickStart,
        boolean inMemoryS3,
        int kafkaPort,
        int kafkaControllerPort,
        int cassandraPort,
        int cassandraStoragePort,
        int s3Port,
        String s3AccessKey,
        String s3SecretKey) {

    /** Fresh servers for a test run: temporary folder, free ports, credentials made up for this run. */
    public static LocalServerSettings forTests() {
        try {
            Path dir = Files.createTempDirectory("mailfleet-servers-");
            return new LocalServerSettings(dir, true, true, false, 0, 0, 0, 0, 0,
                    "test-" + randomHex(6), randomHex(20));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for the servers", e);
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    @Override
    public String toString() {
        return "LocalServerSettings[baseDir=" + baseDir + ", kafka=" + kafkaPort + ", cassandra=" + cassandraPort
                + ", s3=" + s3Port + "]";
    }
}
