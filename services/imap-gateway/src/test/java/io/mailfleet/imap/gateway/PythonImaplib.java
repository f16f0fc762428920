package io.mailfleet.imap.gateway;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs a Python imaplib script of the test resources, which prints one line per step: its name, then what it saw. */
final class PythonImaplib {

    private PythonImaplib() {
    }

    /** The script's output, once it has ended well. */
    static String run(Path dir, String script, String... args) throws Exception {
        Path file = dir.resolve(script);
        try (InputStream resource = PythonImaplib.class.getResourceAsStream("/" + script)) {
            Files.write(file, resource.readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of("python3", file.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("python finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** The step's line; the whole output when it is missing, so one run shows what the client saw. */
    static String line(String output, String name) {
        return output.lines().filter(line -> line.startsWith(name + " ")).findFirst().orElse("(no " + name + ") " + output);
    }
}
