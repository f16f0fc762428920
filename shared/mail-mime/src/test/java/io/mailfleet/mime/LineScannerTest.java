package io.mailfleet.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LineScannerTest {

    /** start, content length, line-end length, kept text. */
    private record Seen(long start, long contentLength, int lineEndLength, String kept) {
    }

    private static List<Seen> scan(String input, int keep) throws IOException {
        LineScanner scanner = new LineScanner(new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)));
        List<Seen> lines = new ArrayList<>();
        Line line;
        while ((line = scanner.next(keep)) != null) {
            lines.add(new Seen(line.start, line.contentLength, line.lineEndLength,
                    new String(line.kept, 0, line.keptLength, StandardCharsets.ISO_8859_1)));
        }
        return lines;
    }

    @Test
    void crLfAndBareLfBothEndALineAndBareCrDoesNot() throws IOException {
        assertThat(scan("a\r\nb\nc\rd\r\n", 100)).containsExactly(
                new Seen(0, 1, 2, "a"),
                new Seen(3, 1, 1, "b"),
                new Seen(5, 3, 2, "c\rd"));
    }

    @Test
    void theLastLineMayHaveNoLineEnd() throws IOException {
        assertThat(scan("a\nlast", 100)).containsExactly(new Seen(0, 1, 1, "a"), new Seen(2, 4, 0, "last"));
        assertThat(scan("", 100)).isEmpty();
        assertThat(scan("trailing cr\r", 100)).containsExactly(new Seen(0, 12, 0, "trailing cr\r"));
    }

    @Test
    void keepsOnlyWhatIsAskedButCountsAll() throws IOException {
        assertThat(scan("0123456789\r\nxy\r\n", 4)).containsExactly(new Seen(0, 10, 2, "0123"), new Seen(12, 2, 2, "xy"));
    }

    @Test
    void anUnreadLineComesBackWithPositionAndNumberBeforeIt() throws IOException {
        LineScanner scanner = new LineScanner(new ByteArrayInputStream("one\r\n\r\nthree\n".getBytes(StandardCharsets.US_ASCII)));
        scanner.next(10);
        scanner.next(10);
        Line third = scanner.next(10);
        scanner.unread();

        assertThat(scanner.position()).isEqualTo(7);
        assertThat(scanner.lineNumber()).isEqualTo(2);
        assertThat(scanner.pendingLine()).isSameAs(third);
        assertThat(third.previousLineEndLength).isEqualTo(2);
        assertThat(third.previousEmpty).isTrue();
        assertThat(scanner.next(10).start).isEqualTo(7);
        assertThat(scanner.next(10)).isNull();
        assertThat(scanner.position()).isEqualTo(13);
        assertThat(scanner.lineNumber()).isEqualTo(3);
    }
}
