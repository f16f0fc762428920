package io.mailfleet.smtp.ingress.clients;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs a Python 3 script (smtplib is Python's own SMTP client) and returns what it printed. */
final class Python {

    private Python() {
    }

    static String run(String script) throws IOException, InterruptedException {
        Process python = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        return output;
    }
}
