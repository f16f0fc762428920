package io.mailfleet.imap.gateway.fetch;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** HEADER.FIELDS and HEADER.FIELDS.NOT (RFC 9051 §6.4.5): whole fields, folded lines included, and the blank line. */
class HeaderFieldsTest {

    private static final String HEADER = "From: a@example.org\r\nSubject: a long\r\n subject folded\r\nTo: b@example.org\r\n"
            + "X-Other: x\r\n\r\n";

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "FROM         | false | From: a@example.org\\r\\n\\r\\n",
            "subject      | false | Subject: a long\\r\\n subject folded\\r\\n\\r\\n",
            "TO FROM      | false | From: a@example.org\\r\\nTo: b@example.org\\r\\n\\r\\n",
            "Cc           | false | \\r\\n",
            "SUBJECT X-OTHER | true | From: a@example.org\\r\\nTo: b@example.org\\r\\n\\r\\n",
    })
    void keepsTheNamedFieldsInTheirOrder(String names, boolean not, String expected) {
        byte[] filtered = HeaderFields.filter(HEADER.getBytes(StandardCharsets.US_ASCII), List.of(names.split(" ")), not);
        assertThat(new String(filtered, StandardCharsets.US_ASCII)).isEqualTo(expected.replace("\\r\\n", "\r\n"));
    }
}
