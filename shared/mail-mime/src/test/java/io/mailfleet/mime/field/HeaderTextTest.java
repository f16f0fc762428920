package io.mailfleet.mime.field;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class HeaderTextTest {

    @Test
    void readsUtf8WhenValidAndLatin1Otherwise() {
        byte[] utf8 = "Grüße".getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = "Grüße".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(HeaderText.fromOctets(utf8, 0, utf8.length)).isEqualTo("Grüße");
        assertThat(HeaderText.fromOctets(latin1, 0, latin1.length)).isEqualTo("Grüße");
        assertThat(HeaderText.fromOctets(utf8, 2, 2)).isEqualTo("ü");
        // A UTF-8 sequence cut short is not UTF-8: every octet becomes one character.
        assertThat(HeaderText.fromOctets(utf8, 2, 3)).isEqualTo("\u00c3\u00bc\u00c3");
    }

    @Test
    void trimsOnlyHeaderWhiteSpace() {
        assertThat(HeaderText.trim(" \t value\u00a0 \r\n")).isEqualTo("value\u00a0");
        assertThat(HeaderText.trim(" \t ")).isEmpty();
    }

    @Test
    void decodesEncodedWordsAndLeavesMalformedOnesAlone() {
        assertThat(HeaderText.decodeEncodedWords("=?utf-8?q?a?= =?utf-8?q?b?= c")).isEqualTo("ab c");
        assertThat(HeaderText.decodeEncodedWords("=?x-no-such-charset?q?a?=")).isEqualTo("=?x-no-such-charset?q?a?=");
        assertThat(HeaderText.decodeEncodedWords("=?utf-8?q?unterminated")).isEqualTo("=?utf-8?q?unterminated");
        assertThat(HeaderText.decodeEncodedWords("plain")).isEqualTo("plain");
    }
}
