package io.mailfleet.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TestForkTest {

    /** Outside Failsafe's forks, or run by an IDE, the property is missing or left unexpanded. */
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "null, 1",
            "'', 1",
            "fork-${surefire.forkNumber}, 1",
            "fork-0, 1",
            "2, 1",
            "fork-1, 1",
            "fork-2, 2",
            "fork-12, 12"})
    void theForkNumberIsOneUnlessTheBuildNamesAnother(String property, int expected) {
        assertThat(TestFork.parse(property)).isEqualTo(expected);
    }

    @Test
    void theFirstForkKeepsTheModulesNamesAndTheOthersAddTheirNumber() {
        assertThat(TestFork.name("pop3-gateway", "-", 1)).isEqualTo("pop3-gateway");
        assertThat(TestFork.name("pop3-gateway", "-", 2)).isEqualTo("pop3-gateway-2");
        assertThat(TestFork.name("pop3_gateway_test", "_", 2)).isEqualTo("pop3_gateway_test_2");
    }
}
