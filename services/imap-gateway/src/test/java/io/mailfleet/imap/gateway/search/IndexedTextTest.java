package io.mailfleet.imap.gateway.search;

import io.mailfleet.mime.SearchText;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** BODY and TEXT over a stored search text and header index: folded substrings, header fields one at a time. */
class IndexedTextTest {

    private static final String BODY = SearchText.fold("Grüße aus Köln\nFish & Chips\nrésumé.pdf\n");
    private static final Map<String, List<String>> HEADERS = Map.of(
            "subject", List.of("Quarterly Résumé"), "from", List.of("Ann <ann@example.org>"));

    @ParameterizedTest(name = "BODY {0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "köln|true", "KÖLN|true", "GRÜSSE|true", "ße aus|true", "fish & chips|true", "RÉSUMÉ.PDF|true",
            "quarterly|false", "köln fish|false", "''|true", "absent|false"})
    void body(String needle, boolean found) {
        assertThat(IndexedText.bodyContains(BODY, needle)).isEqualTo(found);
    }

    @ParameterizedTest(name = "TEXT {0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "köln|true", "quarterly résumé|true", "SUBJECT: QUARTERLY|true", "ann@example.org|true",
            "résumé from|false", "absent|false"})
    void text(String needle, boolean found) {
        assertThat(IndexedText.textContains(HEADERS, BODY, needle)).isEqualTo(found);
    }
}
