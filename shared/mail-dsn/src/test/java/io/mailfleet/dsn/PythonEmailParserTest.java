package io.mailfleet.dsn;

import static io.mailfleet.dsn.Fixtures.delayed;
import static io.mailfleet.dsn.Fixtures.failed;
import static io.mailfleet.dsn.Fixtures.original;
import static io.mailfleet.dsn.Fixtures.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.model.event.DsnReturn;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** A parser we did not write reads our DSNs as we mean them: Python's email package. */
class PythonEmailParserTest {

    private static final String SCRIPT = """
            import sys, email, email.policy
            msg = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
            print(msg.get_content_type() + '; report-type=' + msg.get_param('report-type'))
            text, status, returned = msg.iter_parts()
            for part in (text, status, returned):
                print(part.get_content_type())
            for block in status.get_payload():
                print()
                for name, value in block.items():
                    print(name + ': ' + str(value))
            print()
            print('text: ' + text.get_content().splitlines()[0])
            print('returned subject: ' + returned.get_payload(0)['subject'])
            print('defects: ' + str(sum(len(part.defects) for part in msg.walk())))
            """;

    @Test
    void pythonReadsTheStructureAndTheDeliveryStatusFields() throws Exception {
        DsnMessage dsn = Dsns.generate(report(Optional.of(DsnReturn.FULL), failed(), delayed()), original());

        assertThat(runPython(dsn.toByteArray())).isEqualTo("""
                multipart/report; report-type=delivery-status
                text/plain
                message/delivery-status
                message/rfc822

                Original-Envelope-Id: env-42
                Reporting-MTA: dns; mx.example.test
                Arrival-Date: Mon, 1 Apr 2024 09:58:00 +0000
                X-Mailfleet-Queue-ID: 01HTB8ZJ6Q7N3W5XKQ2M4R8V9C

                Final-Recipient: rfc822; bob@example.net
                Action: failed
                Status: 5.1.1
                Remote-MTA: dns; mx.example.net
                Diagnostic-Code: smtp; 550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown
                Last-Attempt-Date: Mon, 1 Apr 2024 10:00:00 +0000

                Final-Recipient: rfc822; carol@example.net
                Action: delayed
                Status: 4.4.1
                Diagnostic-Code: smtp; 421 4.4.1 mx.example.net: connection timed out
                Last-Attempt-Date: Mon, 1 Apr 2024 10:00:00 +0000
                Will-Retry-Until: Sat, 6 Apr 2024 09:58:00 +0000

                text: This is the mail delivery system at mx.example.test.
                returned subject: Lunch on Friday?
                defects: 0
                """);
    }

    private static String runPython(byte[] input) throws IOException, InterruptedException {
        Process python;
        try {
            python = new ProcessBuilder("python3", "-c", SCRIPT).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            Assumptions.abort("python3 is not installed");
            throw notInstalled;
        }
        try (OutputStream stdin = python.getOutputStream()) {
            stdin.write(input);
        }
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(30, TimeUnit.SECONDS)).as("python3 finished").isTrue();
        assertThat(python.exitValue()).as("python3 exit status, output:%n%s", output).isZero();
        return output;
    }
}
