package io.mailfleet.mime.field;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.mailfleet.mime.model.Parameter;

class Rfc2231Test {

    private static Parameter p(String name, String value) {
        return new Parameter(name, value);
    }

    static Stream<Arguments> continuations() {
        return Stream.of(
                // RFC 2231 §4.1's example, merged: plain sections are escaped into the extended value
                // ("!" is an attribute-char and stays as it is).
                arguments(List.of(p("title*0*", "us-ascii'en'This%20is%20even%20more%20"),
                                p("title*1*", "%2A%2A%2Afun%2A%2A%2A%20"), p("title*2", "isn't it!")),
                        List.of(p("title*", "us-ascii'en'This%20is%20even%20more%20%2A%2A%2Afun%2A%2A%2A%20isn%27t%20it!"))),
                // RFC 2231 §3: plain continuations stay plain.
                arguments(List.of(p("url*0", "ftp://"), p("url*1", "cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar")),
                        List.of(p("url", "ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar"))),
                // Order in the header does not matter; the merged value takes section 0's place.
                arguments(List.of(p("charset", "utf-8"), p("name*1", "b"), p("name*0", "a"), p("format", "flowed")),
                        List.of(p("charset", "utf-8"), p("name", "ab"), p("format", "flowed"))),
                // A gap ends the value.
                arguments(List.of(p("f*0", "a"), p("f*1", "b"), p("f*3", "d")), List.of(p("f", "ab"))),
                // Without section 0 nothing is merged.
                arguments(List.of(p("f*1", "b"), p("f*2", "c")), List.of(p("f*1", "b"), p("f*2", "c"))),
                // Plain first section, extended later one: the charset and language are left empty.
                arguments(List.of(p("f*0", "a b"), p("f*1*", "%41")), List.of(p("f*", "''a%20b%41"))),
                // Not continuations: single extended values, odd section numbers.
                arguments(List.of(p("filename*", "utf-8''%E2%82%AC.txt"), p("x*00", "y"), p("x*99999", "z")),
                        List.of(p("filename*", "utf-8''%E2%82%AC.txt"), p("x*00", "y"), p("x*99999", "z"))));
    }

    @ParameterizedTest
    @MethodSource("continuations")
    void mergesContinuations(List<Parameter> given, List<Parameter> expected) {
        assertThat(Rfc2231.mergeContinuations(given)).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> extendedValues() {
        return Stream.of(
                arguments("us-ascii'en'This%20is%20even%20more%20%2A%2A%2Afun%2A%2A%2A%20isn%27t%20it%21",
                        "This is even more ***fun*** isn't it!"),
                arguments("utf-8''Quarterly%20report%20%E2%82%AC%20Q1.pdf", "Quarterly report € Q1.pdf"),
                arguments("iso-8859-1'de'Gr%FC%DFe.txt", "Grüße.txt"),
                arguments("x-unknown''caf%C3%A9", "café"),
                arguments("no quotes at all%21", "no quotes at all!"),
                arguments("utf-8''bad%zzescape%", "bad%zzescape%"));
    }

    @ParameterizedTest
    @MethodSource("extendedValues")
    void decodesExtendedValues(String value, String expected) {
        assertThat(Rfc2231.decodeExtendedValue(value)).isEqualTo(expected);
    }

    @Test
    void displayValuePrefersTheExtendedFormAndDecodesEncodedWordsOtherwise() {
        assertThat(Rfc2231.displayValue(List.of(p("filename", "plain.txt"), p("filename*", "utf-8''%C3%BC.txt")),
                "filename")).isEqualTo("ü.txt");
        assertThat(Rfc2231.displayValue(List.of(p("name", "=?UTF-8?B?w7wudHh0?=")), "name")).isEqualTo("ü.txt");
        assertThat(Rfc2231.displayValue(List.of(p("name", "x")), "filename")).isNull();
    }
}
