package io.mailfleet.mime.field;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.mailfleet.mime.model.Parameter;

class MimeFieldParserTest {

    @Test
    void parsesValueAndParametersLikeRfc2045() {
        ParameterizedValue parsed = MimeFieldParser.parseParameterized(
                "Text/Plain (plain text) ; CHARSET=\"ISO-8859-1\"; format = flowed ;delsp=yes");

        assertThat(parsed.value()).isEqualTo("text/plain");
        assertThat(parsed.parameters()).containsExactly(
                new Parameter("charset", "ISO-8859-1"), new Parameter("format", "flowed"), new Parameter("delsp", "yes"));
    }

    @Test
    void keepsQuotedSpecialsAndUtf8InValues() {
        ParameterizedValue parsed = MimeFieldParser.parseParameterized(
                "attachment; filename=\"a; b=c (d).txt\"; name=\"Grüße.txt\"; empty; =novalue");

        assertThat(parsed.value()).isEqualTo("attachment");
        assertThat(parsed.parameters()).containsExactly(
                new Parameter("filename", "a; b=c (d).txt"), new Parameter("name", "Grüße.txt"));
    }

    @Test
    void mergesRfc2231ContinuationsOfTheField() {
        ParameterizedValue parsed = MimeFieldParser.parseParameterized(
                "attachment; filename*0*=utf-8''Quarterly%20report%20; filename*1*=%E2%82%AC%20Q1.pdf");

        assertThat(parsed.parameters())
                .containsExactly(new Parameter("filename*", "utf-8''Quarterly%20report%20%E2%82%AC%20Q1.pdf"));
    }

    @Test
    void readsTokensAndTokenLists() {
        assertThat(MimeFieldParser.parseToken(" BASE64 (comment)")).isEqualTo("base64");
        assertThat(MimeFieldParser.parseTokenList("en-GB, (British) de ,, fr")).containsExactly("en-GB", "de", "fr");
        assertThat(MimeFieldParser.parseTokenList("")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"text,true", "vnd.ms-excel,true", "x-foo+bar,true", "'',false", "te xt,false", "a/b,false",
            "a=b,false", "Grüße,false"})
    void recognisesRfc2045Tokens(String value, boolean token) {
        assertThat(MimeFieldParser.isToken(value)).isEqualTo(token);
    }
}
