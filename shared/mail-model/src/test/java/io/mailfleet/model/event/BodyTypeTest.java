package io.mailfleet.model.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BodyTypeTest {

    @ParameterizedTest
    @CsvSource({
        "7BIT, SEVEN_BIT",
        "7bit, SEVEN_BIT",
        "8BITMIME, EIGHT_BIT_MIME",
        "8bitMime, EIGHT_BIT_MIME",
        "BINARYMIME, BINARY_MIME",
        "binarymime, BINARY_MIME"
    })
    void readsSmtpKeyword(String keyword, BodyType expected) {
        assertThat(BodyType.fromKeyword(keyword)).isEqualTo(expected);
        assertThat(BodyType.fromKeyword(expected.keyword())).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "8BIT", "BINARY", "7BIT ", "B\u0130NARYMIME"})
    void rejectsUnknownKeyword(String keyword) {
        assertThatThrownBy(() -> BodyType.fromKeyword(keyword))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown BODY value");
    }
}
