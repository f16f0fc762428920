package io.mailfleet.model.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Example.COM          | example.com               | example.com
            例子.广告             | xn--fsqu00a.xn--4rr70v    | 例子.广告
            例子。广告            | xn--fsqu00a.xn--4rr70v    | 例子.广告
            xn--fsqu00a.xn--4rr70v | xn--fsqu00a.xn--4rr70v  | 例子.广告
            Bücher.example       | xn--bcher-kva.example     | bücher.example
            xn--bxn--bcn--bxn--bkva.example | xn--bxn--bcn--bxn--bkva.example | xn--bxn--bcn--bxn--bkva.example
            """)
    void normalisesToLowercaseALabels(String input, String ascii, String unicode) {
        Domain domain = Domain.parse(input, true);

        assertThat(domain.ascii()).isEqualTo(ascii);
        assertThat(domain.unicode()).isEqualTo(unicode);
        assertThat(domain).isEqualTo(Domain.parse(ascii));
    }

    @Test
    void acceptsTheLongestDomain() {
        String longest = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(63));

        assertThat(Domain.parse(longest).ascii()).hasSize(255);
        assertThatThrownBy(() -> Domain.parse(longest + ".e"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("longer than 255 octets");
    }

    @Test
    void limitsTheALabelFormOfAnInternationalisedDomain() {
        // The 63-octet label limit applies to the A-label: 57 of these characters encode to 63, 58 to 64.
        assertThat(Domain.parse("ü".repeat(57) + ".example", true).ascii()).hasSize(63 + ".example".length());
        assertThatThrownBy(() -> Domain.parse("ü".repeat(58) + ".example", true))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("invalid internationalised domain");
    }

    @Test
    void rejectsMalformedUnicodeLabel() {
        assertThatThrownBy(() -> Domain.parse("ex..ämple", true))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("invalid internationalised domain");
    }
}
