package io.mailfleet.store.blob;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContentSourceTest {

    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void hashesAndCountsWhatIsRead() throws IOException {
        ContentSource source = new ContentSource(stream("abc"), ContentSource.UNKNOWN_SIZE);

        assertThat(source.read()).isEqualTo('a');
        assertThat(source.readAllBytes()).isEqualTo("bc".getBytes(StandardCharsets.US_ASCII));
        assertThat(source.count()).isEqualTo(3);
        assertThat(source.sha256Hex()).isEqualTo(ABC).isEqualTo(source.sha256Hex());
    }

    @Test
    void declaredSizeEndsTheContentAndLeavesTheRestUnread() throws IOException {
        InputStream in = stream("abcdef");
        ContentSource source = new ContentSource(in, 3);

        assertThat(source.readAllBytes()).isEqualTo("abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(source.sha256Hex()).isEqualTo(ABC);
        assertThat(in.readAllBytes()).isEqualTo("def".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void contentShorterThanDeclaredIsAnEofFailure() {
        ContentSource source = new ContentSource(stream("ab"), 3);

        assertThatThrownBy(source::readAllBytes).isInstanceOf(EOFException.class).hasMessageContaining("2 of 3");
        assertThatThrownBy(source::rethrowFailure).isInstanceOf(EOFException.class);
    }

    @Test
    void remembersTheFirstFailureOfTheCallersStream() {
        IOException gone = new IOException("client went away");
        ContentSource source = new ContentSource(new FailingContent(10, gone), ContentSource.UNKNOWN_SIZE);

        assertThatThrownBy(source::readAllBytes).isSameAs(gone);
        assertThatThrownBy(source::rethrowFailure).isSameAs(gone);
        assertThat(source.count()).isEqualTo(10);
    }

    @Test
    void remembersUncheckedFailuresToo() {
        IllegalStateException tooBig = new IllegalStateException("message too big");
        InputStream failing = new InputStream() {
            @Override
            public int read() {
                throw tooBig;
            }
        };
        ContentSource source = new ContentSource(failing, ContentSource.UNKNOWN_SIZE);

        assertThatThrownBy(source::read).isSameAs(tooBig);
        assertThatThrownBy(source::rethrowFailure).isSameAs(tooBig);
    }

    @Test
    void withoutFailureThereIsNothingToRethrow() throws IOException {
        ContentSource source = new ContentSource(stream("abc"), 3);
        source.readAllBytes();

        source.rethrowFailure();
    }

    @Test
    void skippedOctetsAreHashedAsWell() throws IOException {
        ContentSource source = new ContentSource(stream("abc"), ContentSource.UNKNOWN_SIZE);

        assertThat(source.skip(3)).isEqualTo(3);
        assertThat(source.sha256Hex()).isEqualTo(ABC);
    }

    @Test
    void closingLeavesTheCallersStreamOpen() throws IOException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(new byte[1]) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        new ContentSource(in, 1).close();

        assertThat(closed[0]).isFalse();
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }
}
