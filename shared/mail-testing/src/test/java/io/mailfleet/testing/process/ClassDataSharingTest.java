package io.mailfleet.testing.process;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Real Java 17 JVMs writing and mapping archives, as the servers' JVMs do. */
class ClassDataSharingTest {

    @TempDir
    Path dir;

    private final Path java = JavaRuntimes.java17();
    private String classpath;

    @BeforeEach
    void emptyJar() throws IOException {
        Path jar = dir.resolve("app.jar");
        new JarOutputStream(Files.newOutputStream(jar)).close();
        classpath = jar.toString();
    }

    @Test
    void theFirstStartWritesTheArchiveAndTheNextMapsIt() throws Exception {
        Path archives = dir.resolve("cds");
        ClassDataSharing first = ClassDataSharing.forStart(archives, "server", java, classpath);
        assertThat(first.writes()).isTrue();
        assertThat(run(first.flags())).isZero();
        first.exited();

        ClassDataSharing second = ClassDataSharing.forStart(archives, "server", java, classpath);
        assertThat(second.writes()).isFalse();
        assertThat(second.flags()).singleElement().asString().startsWith("-XX:SharedArchiveFile=");
        List<String> required = new ArrayList<>(second.flags());
        required.add("-Xshare:on");
        assertThat(run(required)).as("a JVM that must map the archive starts").isZero();
        assertThat(files(archives)).as("only the archive is left").hasSize(1);
    }

    @Test
    void anArchiveTheJvmDidNotReportWrittenIsNotPublished() throws Exception {
        Path archives = dir.resolve("cds");
        ClassDataSharing killed = ClassDataSharing.forStart(archives, "server", java, classpath);
        String dump = killed.flags().get(0).substring("-XX:ArchiveClassesAtExit=".length());
        // What a JVM killed while writing leaves: part of a file and no report.
        Files.write(Path.of(dump), new byte[4096]);
        killed.exited();

        assertThat(files(archives)).isEmpty();
        assertThat(ClassDataSharing.forStart(archives, "server", java, classpath).writes()).isTrue();
    }

    @Test
    void otherJarsGetAnArchiveOfTheirOwn() throws Exception {
        Path archives = dir.resolve("cds");
        ClassDataSharing first = ClassDataSharing.forStart(archives, "server", java, classpath);
        run(first.flags());
        first.exited();
        Files.setLastModifiedTime(Path.of(classpath), FileTime.fromMillis(0));

        assertThat(ClassDataSharing.forStart(archives, "server", java, classpath).writes())
                .as("a jar the JVM would find changed since the archive").isTrue();
    }

    @Test
    void aRuntimeItCannotReadStartsWithoutSharing() {
        ClassDataSharing none = ClassDataSharing.forStart(dir.resolve("cds"), "server", dir.resolve("no-such/bin/java"), classpath);

        assertThat(none.flags()).isEmpty();
        assertThat(none.writes()).isFalse();
    }

    private int run(List<String> flags) throws Exception {
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(flags);
        command.addAll(List.of("-cp", classpath, "-version"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("java.log").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        }
    }
}
