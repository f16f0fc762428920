package io.mailfleet.model.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MailAddressTest {

    static Stream<Arguments> validAddresses() {
        return Stream.of(
                arguments("user@example.com", false, "user@example.com"),
                arguments("User@Example.COM", false, "User@example.com"),
                arguments("first.last+tag@sub.example.org", false, "first.last+tag@sub.example.org"),
                arguments("user@localhost", false, "user@localhost"),
                arguments("user@3com.example", false, "user@3com.example"),
                // RFC 3696 §3 (with its errata): legal local parts that surprise people.
                arguments("customer/department=shipping@example.com", false, "customer/department=shipping@example.com"),
                arguments("$A12345@example.com", false, "$A12345@example.com"),
                arguments("!def!xyz%abc@example.com", false, "!def!xyz%abc@example.com"),
                arguments("_somename@example.com", false, "_somename@example.com"),
                arguments("\"Abc@def\"@example.com", false, "\"Abc@def\"@example.com"),
                arguments("\"Abc\\@def\"@example.com", false, "\"Abc@def\"@example.com"),
                arguments("\"Fred Bloggs\"@example.com", false, "\"Fred Bloggs\"@example.com"),
                arguments("\"Joe\\\\Blow\"@example.com", false, "\"Joe\\\\Blow\"@example.com"),
                // Quoted forms: unquoted when the content is a dot-string, minimal escaping otherwise.
                arguments("\"john doe\"@example.com", false, "\"john doe\"@example.com"),
                arguments("\"a\\\"b\"@x.org", false, "\"a\\\"b\"@x.org"),
                arguments("\"abc\"@example.com", false, "abc@example.com"),
                arguments("\"\\a\\b\\c\"@example.com", false, "abc@example.com"),
                arguments("\"a..b\"@example.com", false, "\"a..b\"@example.com"),
                arguments("\".a\"@example.com", false, "\".a\"@example.com"),
                arguments("\"\"@example.com", false, "\"\"@example.com"),
                // Address literals, canonical.
                arguments("user@[192.0.2.1]", false, "user@[192.0.2.1]"),
                arguments("user@[010.000.002.001]", false, "user@[10.0.2.1]"),
                arguments("user@[IPv6:2001:db8::1]", false, "user@[IPv6:2001:db8::1]"),
                arguments("user@[ipv6:2001:DB8:0:0:0:0:0:1]", false, "user@[IPv6:2001:db8::1]"),
                arguments("user@[IPv6:::ffff:192.0.2.1]", false, "user@[IPv6:::ffff:c000:201]"),
                arguments("user@[IPv6:1:2:3:4:5:6:192.0.2.1]", false, "user@[IPv6:1:2:3:4:5:6:c000:201]"),
                // RFC 6531: UTF-8 local parts, IDN domains normalised to A-labels.
                arguments("用户@例子.广告", true, "用户@xn--fsqu00a.xn--4rr70v"),
                arguments("user@例子.广告", true, "user@xn--fsqu00a.xn--4rr70v"),
                arguments("user@xn--fsqu00a.xn--4rr70v", false, "user@xn--fsqu00a.xn--4rr70v"),
                arguments("\"üser\"@example.com", true, "üser@example.com"),
                arguments("\"用户 名\"@example.com", true, "\"用户 名\"@example.com"));
    }

    @ParameterizedTest
    @MethodSource("validAddresses")
    void parsesToCanonicalForm(String input, boolean allowUtf8, String canonical) {
        MailAddress address = MailAddress.parse(input, allowUtf8);

        assertThat(address.toString()).isEqualTo(canonical);
        assertThat(MailAddress.parse(canonical, allowUtf8)).isEqualTo(address);
    }

    static Stream<Arguments> invalidAddresses() {
        return Stream.of(
                arguments("", false, "address is empty"),
                arguments("user", false, "no '@'"),
                arguments("@example.com", false, "local part is empty"),
                arguments("user@", false, "domain is empty"),
                arguments(".user@example.com", false, "leading, trailing or doubled '.'"),
                arguments("user.@example.com", false, "leading, trailing or doubled '.'"),
                arguments("us..er@example.com", false, "leading, trailing or doubled '.'"),
                arguments("john doe@example.com", false, "invalid character U+0020 at index 4"),
                arguments("Abc\\@def@example.com", false, "invalid character '\\'"),
                arguments("a@b@example.com", false, "invalid character '@'"),
                arguments("\"unterminated@example.com", false, "no closing"),
                arguments("\"a\"b@example.com", false, "no '@' after"),
                arguments("\"a\u0001\"@example.com", false, "invalid character U+0001"),
                arguments("\"a\\\u00e9\"@example.com", true, "not followed by printable ASCII"),
                arguments("\u0085user@example.com", true, "invalid character U+0085"),
                arguments("a".repeat(65) + "@example.com", false, "local part is 65 octets, limit 64"),
                arguments("ü".repeat(33) + "@example.com", true, "local part is 66 octets, limit 64"),
                arguments("user@example..com", false, "empty label"),
                arguments("user@example.com.", false, "empty label"),
                arguments("user@-example.com", false, "must not start or end with '-'"),
                arguments("user@example-.com", false, "must not start or end with '-'"),
                arguments("user@exa_mple.com", false, "invalid character '_'"),
                arguments("user@exa mple.com", false, "invalid character U+0020"),
                arguments("user@" + "a".repeat(64) + ".com", false, "label is 64 octets, limit 63"),
                arguments("user@192.0.2.1", false, "all-numeric"),
                arguments("user@[300.0.2.1]", false, "above 255"),
                arguments("user@[192.0.2]", false, "four dot-separated numbers"),
                arguments("user@[192.0.2.1", false, "enclosed in [ ]"),
                arguments("user@[IPv6:2001:db8::1::2]", false, "more than one '::'"),
                arguments("user@[IPv6:1:2:3:4:5:6:7::]", false, "at most 6 other groups"),
                arguments("user@[IPv6:1:2:3:4:5:6:7]", false, "needs 8 groups"),
                arguments("user@[IPv6:12345::1]", false, "1 to 4 hex digits"),
                arguments("user@[IPv6:2001:db8::g]", false, "invalid character 'g'"),
                arguments("user@[x400:c=us]", false, "only IPv6 is registered"),
                arguments("用户@example.com", false, "non-ASCII characters, which need SMTPUTF8"),
                arguments("\"üser\"@example.com", false, "non-ASCII characters, which need SMTPUTF8"),
                arguments("user@例子.广告", false, "domain contains non-ASCII characters, which need SMTPUTF8"));
    }

    @ParameterizedTest
    @MethodSource("invalidAddresses")
    void rejectsWithReason(String input, boolean allowUtf8, String reason) {
        assertThatThrownBy(() -> MailAddress.parse(input, allowUtf8))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void acceptsTheLongestLocalPartAndPath() {
        // 64 + 1 + 189 = 254 octets, 256 with the angle brackets: exactly the RFC 5321 limit.
        String local = "a".repeat(64);
        String domain = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);

        MailAddress address = MailAddress.parse(local + "@" + domain);

        assertThat(address.localPart()).isEqualTo(local);
        assertThatThrownBy(() -> MailAddress.parse(local + "@" + domain + "d"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("257 octets as a path");
    }

    @Test
    void countsLimitsInUtf8Octets() {
        assertThat(MailAddress.parse("ü".repeat(32) + "@example.com", true).localPart()).hasSize(32);
    }

    @Test
    void localPartKeepsCaseButLookupIgnoresIt() {
        MailAddress mixed = MailAddress.parse("John.Doe@Example.COM");
        MailAddress lower = MailAddress.parse("john.doe@example.com");

        assertThat(mixed).isNotEqualTo(lower);
        assertThat(mixed.equalsIgnoreCase(lower)).isTrue();
        assertThat(mixed.equalsIgnoreCase(MailAddress.parse("jane.doe@example.com"))).isFalse();
        assertThat(mixed.lookupKey()).isEqualTo("john.doe@example.com");
    }

    @Test
    void quotedAndUnquotedSpellingsAreOneAddress() {
        MailAddress quoted = MailAddress.parse("\"abc\"@example.com");
        MailAddress plain = MailAddress.parse("abc@example.com");

        assertThat(quoted).isEqualTo(plain).hasSameHashCodeAs(plain);
    }

    @Test
    void internationalisedAddressKeepsUnicodeForDisplay() {
        MailAddress address = MailAddress.parse("用户@例子.广告", true);

        assertThat(address.host()).isInstanceOf(Domain.class);
        assertThat(address.host().ascii()).isEqualTo("xn--fsqu00a.xn--4rr70v");
        assertThat(address.toUnicodeString()).isEqualTo("用户@例子.广告");
        assertThat(address.requiresSmtpUtf8()).isTrue();
        assertThat(MailAddress.parse("user@例子.广告", true).requiresSmtpUtf8()).isFalse();
    }

    @Test
    void addressLiteralExposesTheIp() {
        MailAddress address = MailAddress.parse("postmaster@[IPv6:2001:DB8::1]");

        assertThat(address.host()).isInstanceOfSatisfying(AddressLiteral.class, literal -> {
            assertThat(literal.isIpv6()).isTrue();
            assertThat(literal.ip()).isEqualTo("2001:db8::1");
        });
    }
}
