package io.mailfleet.testing.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Class-data sharing for a server JVM the tests start again and again (a build starts Cassandra, Kafka
 * and S3Proxy a dozen times each): a start that finds no archive has its JVM write the classes it loaded to
 * one when it exits ({@code -XX:ArchiveClassesAtExit}, Java 17's dynamic archive), and every later
 * start maps them instead of loading, parsing and verifying them from the jars
 * ({@code -XX:SharedArchiveFile}).
 *
 * <p>The archive's name carries a digest of the runtime and of the class path's jars, so another JDK
 * or other jars get an archive of their own rather than one the JVM would refuse. Each writing JVM
 * writes a file of its own, published under the archive's name only once the JVM has reported it
 * complete: a JVM killed while writing leaves nothing a later start would map. A JVM that cannot use
 * an archive runs without it, so sharing is never a reason for a server not to start.
 */
public final class ClassDataSharing {

    private static final String WRITTEN = "Written dynamic archive";

    private final List<String> flags;
    private final Path archive;
    private final Path dump;
    private final Path dumpLog;

    private ClassDataSharing(List<String> flags, Path archive, Path dump, Path dumpLog) {
        this.flags = flags;
        this.archive = archive;
        this.dump = dump;
        this.dumpLog = dumpLog;
    }

    /** Sharing for one start of {@code server} ("kafka", "cassandra", "s3proxy"), its archives in the server's target folder. */
    public static ClassDataSharing forServer(String server, Path java, String classpath) {
        return forStart(ServerClasspath.projectHome().resolve("shared/server-runtimes").resolve(server).resolve("target/cds"),
                server, java, classpath);
    }

    /**
     * Sharing for one start of {@code java} with {@code classpath}, its archives kept in {@code dir}
     * (a build's target folder, so a clean checkout starts without one).
     */
    public static ClassDataSharing forStart(Path dir, String name, Path java, String classpath) {
        Optional<String> digest = digest(java, classpath);
        if (digest.isEmpty()) {
            return new ClassDataSharing(List.of(), null, null, null);
        }
        Path archive = dir.resolve(name + "-" + digest.get() + ".jsa");
        if (Files.isRegularFile(archive)) {
            return new ClassDataSharing(List.of("-XX:SharedArchiveFile=" + archive), archive, null, null);
        }
        String unique = UUID.randomUUID().toString();
        Path dump = archive.resolveSibling(archive.getFileName() + "." + unique);
        Path dumpLog = archive.resolveSibling(archive.getFileName() + "." + unique + ".log");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return new ClassDataSharing(List.of(), archive, null, null);
        }
        return new ClassDataSharing(List.of("-XX:ArchiveClassesAtExit=" + dump,
                "-Xlog:cds+dynamic=info:file=" + dumpLog), archive, dump, dumpLog);
    }

    /** The JVM flags for this start. */
    public List<String> flags() {
        return flags;
    }

    /** Whether this start's JVM writes the archive when it exits. */
    public boolean writes() {
        return dump != null;
    }

    /**
     * Once the JVM has exited: publishes the archive it wrote if it reported it complete, and removes
     * what it wrote otherwise. Two JVMs that wrote one each publish equal archives; the last one stays.
     */
    public void exited() {
        if (dump == null) {
            return;
        }
        try {
            if (Files.isRegularFile(dump) && Files.exists(dumpLog)
                    && Files.readString(dumpLog, StandardCharsets.UTF_8).contains(WRITTEN)) {
                Files.move(dump, archive, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | RuntimeException notPublished) {
            // A later start writes one again; this one just ran without.
        } finally {
            deleteQuietly(dump);
            deleteQuietly(dumpLog);
        }
    }

    /**
     * Of the runtime (its path and its modules image, which an update replaces) and of each jar of the
     * class path with its size and time, which the JVM checks against the archive's.
     */
    private static Optional<String> digest(Path java, String classpath) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Path real = java.toRealPath();
            Path home = real.getParent().getParent();
            List<Path> inputs = new ArrayList<>(List.of(real, home.resolve("lib/modules")));
            for (String entry : classpath.split(File.pathSeparator)) {
                inputs.add(Path.of(entry));
            }
            for (Path input : inputs) {
                sha.update(input.toString().getBytes(StandardCharsets.UTF_8));
                if (Files.exists(input)) {
                    sha.update((":" + Files.size(input) + "@" + Files.getLastModifiedTime(input).toMillis() + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
            return Optional.of(HexFormat.of().formatHex(sha.digest(), 0, 8));
        } catch (IOException | NoSuchAlgorithmException | RuntimeException unknownRuntime) {
            // A runtime whose files cannot be read: it runs without an archive rather than not at all.
            return Optional.empty();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Left in the build's target folder, which a clean build removes.
        }
    }
}
