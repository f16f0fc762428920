package io.mailfleet.mime.field;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.mailfleet.mime.model.Address;

class AddressListParserTest {

    // Each address as name|adl|mailbox|host, "-" for null, so that a case reads on one line.
    private static List<String> parsed(String value) {
        return AddressListParser.parse(value).stream()
                .map(a -> String.join("|", text(a.name()), text(a.adl()), text(a.mailbox()), text(a.host())))
                .toList();
    }

    private static String text(String value) {
        return value == null ? "-" : value;
    }

    static Stream<Arguments> addressLists() {
        return Stream.of(
                arguments("gray@cac.washington.edu", List.of("-|-|gray|cac.washington.edu")),
                arguments("Terry Gray <gray@cac.washington.edu>", List.of("Terry Gray|-|gray|cac.washington.edu")),
                arguments("\"Doe, Jane\" <jane@example.com>, bob@example.org",
                        List.of("Doe, Jane|-|jane|example.com", "-|-|bob|example.org")),
                // RFC 5322 appendix A.1.2 and A.1.3.
                arguments("\"Joe Q. Public\" <john.q.public@example.com>", List.of("Joe Q. Public|-|john.q.public|example.com")),
                arguments("Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>",
                        List.of("Mary Smith|-|mary|x.test", "-|-|jdoe|example.org", "Who?|-|one|y.test")),
                arguments("<boss@nil.test>, \"Giant; \\\"Big\\\" Box\" <sysservices@example.net>",
                        List.of("-|-|boss|nil.test", "Giant; \"Big\" Box|-|sysservices|example.net")),
                arguments("A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;",
                        List.of("-|-|A Group|-", "Ed Jones|-|c|a.test", "-|-|joe|where.test", "John|-|jdoe|one.test", "-|-|-|-")),
                arguments("Undisclosed recipients:;", List.of("-|-|Undisclosed recipients|-", "-|-|-|-")),
                // RFC 5322 appendix A.5: comments and folding white space.
                arguments("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>",
                        List.of("Pete|-|pete|silly.test")),
                arguments("<@relay.test,@gw.test:dave@example.com>", List.of("-|@relay.test,@gw.test|dave|example.com")),
                arguments("carol@example.org (Carol Danvers)", List.of("Carol Danvers|-|carol|example.org")),
                arguments("=?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>",
                        List.of("=?ISO-8859-1?Q?Andr=E9?= Pirard|-|PIRARD|vm1.ulg.ac.be")),
                arguments("\"john doe\"@example.com", List.of("-|-|\"john doe\"|example.com")),
                arguments("john @ example . com", List.of("-|-|john|example.com")),
                arguments("jürgen@bücher.example", List.of("-|-|jürgen|bücher.example")),
                arguments("user@[192.0.2.1]", List.of("-|-|user|[192.0.2.1]")),
                // Damaged input still gives what can be read.
                arguments("postmaster", List.of("-|-|postmaster|")),
                arguments("<>", List.of("-|-||")),
                arguments("a@b.test c@d.test", List.of("-|-|a|b.test", "-|-|c|d.test")),
                arguments("\"Unclosed <x@y.test>", List.of("-|-|\"Unclosed <x@y.test>|")),
                arguments("Name <open@angle.test", List.of("Name|-|open|angle.test")),
                arguments(",,, ;; ,", List.of()),
                arguments("", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("addressLists")
    void parsesIntoImapAddresses(String value, List<String> expected) {
        assertThat(parsed(value)).containsExactlyElementsOf(expected);
    }

    @Test
    void decodesDisplayNamesAndGroupNames() {
        List<Address> addresses = AddressListParser.parse(
                "=?UTF-8?B?SsO8cmdlbg==?= <j@x.test>, =?UTF-8?Q?Caf=C3=A9?=: a@b.test;");

        assertThat(addresses).extracting(Address::displayName).containsExactly("Jürgen", "Café", null, null);
        assertThat(addresses.get(1).startsGroup()).isTrue();
        assertThat(addresses.get(3).endsGroup()).isTrue();
        assertThat(addresses.get(0).startsGroup() || addresses.get(0).endsGroup()).isFalse();
    }

    @Test
    void manyUnclosedAngleAddressesEachEndAtTheNext() {
        List<Address> addresses = AddressListParser.parse("<@a,".repeat(50_000));

        assertThat(addresses).hasSize(50_000).containsOnly(Address.mailbox(null, null, "", "a", null));
    }
}
