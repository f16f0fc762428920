package io.mailfleet.testing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InfrastructureModeTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "processes, false, PROCESSES",
            "processes, true,  PROCESSES",
            "containers, false, CONTAINERS",
            "CONTAINERS, false, CONTAINERS",
            "auto, true, CONTAINERS",
            "auto, false, PROCESSES",
            "null, true, CONTAINERS",
            "null, false, PROCESSES"})
    void forcedModeWinsOverDockerDetection(String setting, boolean docker, InfrastructureMode expected) {
        assertThat(InfrastructureMode.parse(setting, () -> docker)).isEqualTo(expected);
    }

    @Test
    void dockerIsNotProbedWhenTheModeIsForced() {
        assertThat(InfrastructureMode.parse("processes", () -> {
            throw new AssertionError("Docker probed although the mode was forced");
        })).isEqualTo(InfrastructureMode.PROCESSES);
    }

    @Test
    void unknownModeIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> InfrastructureMode.parse("kubernetes", () -> false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("processes, containers, auto");
    }
}
