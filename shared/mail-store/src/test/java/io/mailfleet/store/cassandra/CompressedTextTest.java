package io.mailfleet.store.cassandra;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompressedTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "grüße\nπ ☺ \uD83D\uDE00", "the same words again and again "})
    void textComesBackAsItWas(String text) {
        assertThat(CompressedText.decompress(CompressedText.compress(text))).isEqualTo(text);
    }

    @Test
    void proseIsStoredSmaller() {
        String text = "the quick brown fox jumps over the lazy dog; ".repeat(200);

        assertThat(CompressedText.compress(text).remaining()).isLessThan(text.length() / 3);
    }

    @Test
    void damagedDataIsAnErrorNotOtherText() {
        ByteBuffer stored = CompressedText.compress("some text that is long enough to be cut ".repeat(10));
        byte[] cut = Arrays.copyOf(stored.array(), stored.remaining() / 2);

        assertThatThrownBy(() -> CompressedText.decompress(ByteBuffer.wrap(cut))).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> CompressedText.decompress(ByteBuffer.wrap(new byte[] {1, 2, 3, 4})))
                .isInstanceOf(UncheckedIOException.class);
    }
}
