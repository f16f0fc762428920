package io.mailfleet.model.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressLiteralTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            [192.0.2.1]                        | 192.0.2.1           | false
            [0.0.0.0]                          | 0.0.0.0             | false
            # RFC 5952 §4.1: no leading zeros.
            [IPv6:2001:0db8::0001]             | 2001:db8::1         | true
            # RFC 5952 §4.2.1: "::" takes as many zero groups as possible.
            [IPv6:2001:db8:0:0:0:0:2:1]        | 2001:db8::2:1       | true
            # RFC 5952 §4.2.2: a single zero group is not compressed.
            [IPv6:2001:db8:0:1:1:1:1:1]        | 2001:db8:0:1:1:1:1:1 | true
            # RFC 5952 §4.2.3: the longest run wins, the first on a tie.
            [IPv6:2001:0:0:1:0:0:0:1]          | 2001:0:0:1::1       | true
            [IPv6:2001:db8:0:0:1:0:0:1]        | 2001:db8::1:0:0:1   | true
            # RFC 5952 §4.3: lowercase.
            [IPv6:2001:DB8::AB]                | 2001:db8::ab        | true
            [IPv6:0:0:0:0:0:0:0:0]             | ::                  | true
            [IPv6:::]                          | ::                  | true
            [IPv6:::1]                         | ::1                 | true
            [IPv6:1::]                         | 1::                 | true
            [IPv6:1:2:3:4::5:6]                | 1:2:3:4::5:6        | true
            [IPv6:1:2:3:4:0:0:5:6]             | 1:2:3:4::5:6        | true
            [IPv6:1::192.0.2.1]                | 1::c000:201         | true
            """)
    void writesCanonicalForm(String input, String ip, boolean ipv6) {
        AddressLiteral literal = AddressLiteral.parse(input);

        assertThat(literal.ip()).isEqualTo(ip);
        assertThat(literal.isIpv6()).isEqualTo(ipv6);
        assertThat(literal.ascii()).isEqualTo(ipv6 ? "[IPv6:" + ip + "]" : "[" + ip + "]");
        assertThat(literal.unicode()).isEqualTo(literal.ascii());
        assertThat(AddressLiteral.parse(literal.ascii())).isEqualTo(literal);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            192.0.2.1                 | enclosed in [ ]
            []                        | four dot-separated numbers
            [1.2.3.4.5]               | four dot-separated numbers
            [1.2.3.]                  | not 1 to 3 digits
            [1.2.3.0004]              | not 1 to 3 digits
            [1.2.3.256]               | above 255
            [IPv6:]                   | 1 to 4 hex digits
            [IPv6:1:2:3:4:5:6:7:8:9]  | needs 8 groups
            [IPv6:1:2:3:4:5:6:7:]     | 1 to 4 hex digits
            [IPv6::1:2:3:4:5:6:7]     | 1 to 4 hex digits
            [IPv6:1:::2]              | more than one '::'
            [IPv6:1.2.3.4::]          | 1 to 4 hex digits
            [IPv6:1:2:3:4:5::1.2.3.4] | at most 6 other groups
            [IPv6:1::2.3.4]           | four dot-separated numbers
            [IPv6:１::]               | invalid character U+FF11
            [IPv4:192.0.2.1]          | only IPv6 is registered
            """)
    void rejectsMalformedLiteral(String input, String reason) {
        assertThatThrownBy(() -> AddressLiteral.parse(input))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining(reason);
    }
}
