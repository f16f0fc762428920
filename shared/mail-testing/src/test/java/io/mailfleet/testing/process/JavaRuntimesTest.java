package io.mailfleet.testing.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class JavaRuntimesTest {

    @TempDir
    Path home;

    @ParameterizedTest
    @CsvSource({"17.0.15, 17", "25, 25", "21.0.2+13, 21", "1.8.0_402, 8"})
    void readsTheFeatureVersionFromTheReleaseFile(String version, int feature) throws Exception {
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
        assertThat(JavaRuntimes.featureVersion(home)).contains(feature);
    }

    @Test
    void aFolderWithoutReleaseFileIsNoRuntime() {
        assertThat(JavaRuntimes.featureVersion(home)).isEmpty();
    }

    @Test
    void findsARuntimeOfVersion17() {
        Path java = JavaRuntimes.java17();
        assertThat(java).isExecutable();
        assertThat(JavaRuntimes.featureVersion(java.getParent().getParent())).contains(17);
    }
}
