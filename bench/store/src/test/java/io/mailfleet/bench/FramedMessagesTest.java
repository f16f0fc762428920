package io.mailfleet.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FramedMessagesTest {

    @Test
    void readsEachMessageByItsLengthWhateverItsOctets() {
        // The second message holds a line feed and digits, which only the length tells from a frame.
        List<String> read = texts(framed("5\nhello7\nab\n7\n0\n0\n"));

        assertThat(read).containsExactly("hello", "ab\n7\n0\n", "");
    }

    @Test
    void anEmptyStreamHoldsNoMessage() {
        assertThat(new FramedMessages(framed("")).hasNext()).isFalse();
    }

    @Test
    void aStreamThatEndsInsideAMessageIsAnError() {
        assertThatThrownBy(() -> texts(framed("5\nhello6\nabc")))
                .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(EOFException.class);
    }

    @Test
    void aLengthThatIsNotDecimalDigitsIsAnError() {
        assertThatThrownBy(() -> texts(framed("5\nhello-3\nabc")))
                .isInstanceOf(UncheckedIOException.class).hasCauseExactlyInstanceOf(IOException.class)
                .hasMessageContaining("not a message length");
    }

    private static ByteArrayInputStream framed(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static List<String> texts(ByteArrayInputStream in) {
        List<String> texts = new ArrayList<>();
        new FramedMessages(in).forEachRemaining(message -> texts.add(new String(message, StandardCharsets.US_ASCII)));
        return texts;
    }
}
