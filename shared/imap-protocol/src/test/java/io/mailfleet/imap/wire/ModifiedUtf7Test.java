package io.mailfleet.imap.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModifiedUtf7Test {

    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource(delimiter = '|', value = {
            // RFC 3501 §5.1.3
            "~peter/mail/台北/日本語 | ~peter/mail/&U,BTFw-/&ZeVnLIqe-",
            "台北日本語 | &U,BTF2XlZyyKng-",
            "INBOX | INBOX",
            "& | &-",
            "Tom & Jerry | Tom &- Jerry",
            "&& | &-&-",
            "Entwürfe | Entw&APw-rfe",
            "Gel&öscht | Gel&-&APY-scht",
            "😀 | &2D3eAA-",
            "a😀€b | a&2D3eACCs-b",
            "tab\there | tab&AAk-here",
    })
    void encodesAndDecodes(String name, String wire) {
        String unescaped = name.replace("\\t", "\t");
        assertThat(ModifiedUtf7.encode(unescaped)).isEqualTo(wire);
        assertThat(ModifiedUtf7.decode(wire)).isEqualTo(unescaped);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "&Jjo!",               // RFC 3501: no shift back to US-ASCII before '!'
            "&U,BTFw-&ZeVnLIqe-",  // RFC 3501: a superfluous shift
            "&AGE-",               // 'a' must stand for itself
            "&APw",                // the shift never ends
            "&APx-",               // non-zero padding bits
            "&AP-",                // ends inside a UTF-16 unit
            "&APwA-",              // a dangling octet
            "&2D0-",               // a lone high surrogate
            "&3gA-",               // a lone low surrogate
            "&A/w-",               // '/' is ',' in modified base64
            "&A=w-",               // no padding characters
            "Entwürfe",            // raw non-ASCII
            "a\tb",                // raw control character
    })
    void rejectsNonCanonicalForms(String wire) {
        assertThatThrownBy(() -> ModifiedUtf7.decode(wire)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToEncodeAnUnpairedSurrogate() {
        assertThatThrownBy(() -> ModifiedUtf7.encode("a\uD83D")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModifiedUtf7.encode("\uDE00b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundTripsRandomNames() {
        Random random = new Random(3501);
        for (int n = 0; n < 2_000; n++) {
            StringBuilder name = new StringBuilder();
            int length = random.nextInt(12);
            while (name.length() < length) {
                name.appendCodePoint(switch (random.nextInt(4)) {
                    case 0 -> 0x20 + random.nextInt(0x5F);
                    case 1 -> '&';
                    case 2 -> 0x80 + random.nextInt(0xD800 - 0x80);
                    default -> 0x10000 + random.nextInt(0x100000);
                });
            }
            String wire = ModifiedUtf7.encode(name.toString());
            assertThat(wire).matches("[\\x20-\\x7E]*");
            assertThat(ModifiedUtf7.decode(wire)).isEqualTo(name.toString());
        }
    }
}
