package io.mailfleet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void splitsAtTheFirstSpaceAndUpperCasesOnlyTheKeyword() {
        assertThat(CommandLine.split("user Alice")).isEqualTo(new CommandLine("USER", "Alice"));
        assertThat(CommandLine.split("MAIL FROM:<a@example.org> SIZE=10 ")).isEqualTo(new CommandLine("MAIL", "FROM:<a@example.org> SIZE=10 "));
    }

    @Test
    void aLineWithoutASpaceIsAKeywordWithAnEmptyArgument() {
        assertThat(CommandLine.split("noop")).isEqualTo(new CommandLine("NOOP", ""));
        assertThat(CommandLine.split("")).isEqualTo(new CommandLine("", ""));
        assertThat(CommandLine.split("QUIT ")).isEqualTo(new CommandLine("QUIT", ""));
    }
}
