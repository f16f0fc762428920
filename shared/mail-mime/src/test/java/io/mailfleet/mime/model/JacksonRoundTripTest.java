package io.mailfleet.mime.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.mailfleet.mime.MimeParser;

/** The model is stored as JSON; plain records must survive Jackson's defaults unchanged. */
class JacksonRoundTripTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"forwarded.eml", "mixed-attachment.eml", "group-addresses.eml", "rfc3501-sections.eml",
            "utf8-headers.eml"})
    void aParsedMessageSurvivesJson(String file) throws IOException {
        ParsedMessage parsed;
        try (InputStream in = getClass().getResourceAsStream("/corpus/" + file)) {
            parsed = new MimeParser().parse(in);
        }

        String json = mapper.writeValueAsString(parsed);
        ParsedMessage read = mapper.readValue(json, ParsedMessage.class);

        assertThat(read).isEqualTo(parsed);
        // Helper methods must not leak into the stored form as properties.
        assertThat(json).doesNotContain("\"headerRange\":", "\"multipart\":", "\"startsGroup\":", "\"size\":{");
    }
}
