package io.mailfleet.chaos;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos run's short form: 1,000 messages (or {@code -Dchaos.messages}) with the short fault
 * list, on servers and service instances of its own, never the ones other test classes share,
 * since it kills and freezes them. {@code -Dchaos.seed} repeats a run; {@code -Dchaos.faults=full}
 * gives the long form's faults. The work folder, with every process's log, is kept when the run fails.
 */
class ChaosIT {

    @Test
    void nothingAcknowledgedIsLostOrDuplicated() throws Exception {
        ChaosReport report = new ChaosRun(ChaosSettings.from(System.getProperties()),
                Files.createTempDirectory("mailfleet-chaos-")).run();
        report.print(System.out);

        assertThat(report.verdict().acknowledged()).as("messages answered 250").isGreaterThanOrEqualTo(
                Long.getLong("chaos.messages", 1000));
        assertThat(report.timeline()).as("the faults were carried out").anyMatch(line -> line.contains("SIGKILL"));
        assertThat(report.verdict().lost()).as("lost").isEmpty();
        assertThat(report.verdict().duplicated()).as("duplicated").isEmpty();
        assertThat(report.findings()).as("other findings").isEmpty();
    }
}
