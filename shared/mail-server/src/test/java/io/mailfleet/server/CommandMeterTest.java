package io.mailfleet.server;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandMeterTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CommandMeter meter = new CommandMeter(new ServerMetrics(registry), "smtp");

    @Test
    void pipelinedCommandsArePairedWithTheirFinalRepliesInOrder() {
        meter.finished(CommandMeter.Result.OK); // the greeting: no command waits for it
        meter.started("MAIL");
        meter.started("RCPT");
        meter.started("RCPT");
        meter.finished(CommandMeter.Result.OK);
        meter.finished(CommandMeter.Result.FAILED);
        meter.finished(CommandMeter.Result.TEMPORARY_FAILURE);

        assertThat(count("mail", "ok")).isEqualTo(1);
        assertThat(count("rcpt", "failed")).isEqualTo(1);
        assertThat(count("rcpt", "temporary_failure")).isEqualTo(1);
        assertThat(registry.find("mailfleet.server.commands").counters()).hasSize(3);
        assertThat(registry.get("mailfleet.server.command").tags("protocol", "smtp", "command", "rcpt").timer().count())
                .isEqualTo(2);
    }

    private double count(String command, String result) {
        return registry.get("mailfleet.server.commands").tags("protocol", "smtp", "command", command, "result", result)
                .counter().count();
    }
}
