package io.mailfleet.model.address;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Coverage-guided fuzzing of address parsing (Jazzer). An input is one octet of settings and then the
 * text, read as UTF-8. Parsing may refuse the text only with {@link InvalidAddressException}; an
 * address it accepts renders to a form that parses back to the same address, as a mailbox and as a
 * path, whose rendering is the same again; with SMTPUTF8 the form for people parses back too.
 *
 * <p>{@link #fuzzerTestOneInput} is also the target of Jazzer's command-line driver, for longer runs:
 * {@code bench/fuzz.sh 600 MailAddressFuzzTest} builds the classes and runs, in this module's folder,
 * with the test class path (target/test-classes, target/classes and the test dependencies),
 * {@code java -Xmx256m -cp <test class path> com.code_intelligence.jazzer.Jazzer
 * --target_class=io.mailfleet.model.address.MailAddressFuzzTest -max_total_time=600 <new corpus dir>
 * src/test/resources/io/mailfleet/model/address/MailAddressFuzzTestInputs/parseRenderParse}.
 */
public class MailAddressFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void parseRenderParse(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /**
     * Octet 0: bit 0 allows UTF-8 (SMTPUTF8), bit 1 reads the text as a reverse path ({@code <...>},
     * source routes, {@code <>}) rather than a bare mailbox.
     */
    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length < 1) {
            return;
        }
        boolean utf8 = (data[0] & 1) != 0;
        boolean path = (data[0] & 2) != 0;
        String text = new String(Arrays.copyOfRange(data, 1, data.length), StandardCharsets.UTF_8);
        Optional<MailAddress> parsed;
        try {
            parsed = path ? MailAddress.parseReversePath(text, utf8) : Optional.of(MailAddress.parse(text, utf8));
        } catch (InvalidAddressException refused) {
            return;
        }
        parsed.ifPresent(address -> {
            String rendered = address.toString();
            MailAddress again = MailAddress.parse(rendered, utf8);
            assertThat(again).isEqualTo(address);
            assertThat(again.toString()).isEqualTo(rendered);
            assertThat(again.lookupKey()).isEqualTo(address.lookupKey());
            assertThat(MailAddress.parsePath("<" + rendered + ">", utf8)).isEqualTo(address);
            if (utf8) {
                assertThat(MailAddress.parse(address.toUnicodeString(), true)).isEqualTo(address);
            }
        });
    }
}
