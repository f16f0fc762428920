package io.mailfleet.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplyReaderTest {

    private static List<Reply> read(String wire) throws MalformedReplyException {
        return read(new ReplyReader(), wire.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Reply> read(ReplyReader reader, byte[] bytes) throws MalformedReplyException {
        reader.feed(bytes, 0, bytes.length);
        List<Reply> replies = new ArrayList<>();
        for (Optional<Reply> next = reader.next(); next.isPresent(); next = reader.next()) {
            replies.add(next.get());
        }
        return replies;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "plain line | 220 mx.example ESMTP\\r\\n | 220 | | [mx.example ESMTP]",
        "enhanced code | 550 5.1.1 No such user\\r\\n | 550 | 5.1.1 | [No such user]",
        "enhanced code on every line | 250-2.0.0 one\\r\\n250 2.0.0 two\\r\\n | 250 | 2.0.0 | [one, two]",
        "enhanced code on the first line only | 452-4.5.3 one\\r\\n452 two\\r\\n | 452 | 4.5.3 | [one, two]",
        "enhanced code alone | 250 2.1.0\\r\\n | 250 | 2.1.0 | []",
        "class of the code must match | 550 4.1.1 odd\\r\\n | 550 | | [4.1.1 odd]",
        "version number is no enhanced code | 220 2.6.3.1 ready\\r\\n | 220 | | [2.6.3.1 ready]",
        "enhanced code needs a space after it | 250 2.0.0ok\\r\\n | 250 | | [2.0.0ok]",
        "code alone | 250\\r\\n | 250 | | []",
        "empty text after the space | 250 \\r\\n | 250 | | []",
        "bare LF ends a line | 250-a\\n250 b\\n | 250 | | [a, b]",
        "EHLO reply | 250-mx.example\\r\\n250-PIPELINING\\r\\n250 8BITMIME\\r\\n | 250 | | [mx.example, PIPELINING, 8BITMIME]",
    })
    void parsesReplies(String name, String wire, int code, String enhanced, String lines) throws Exception {
        List<Reply> replies = read(unescape(wire));
        assertThat(replies).hasSize(1);
        Reply reply = replies.get(0);
        assertThat(reply.code()).isEqualTo(code);
        assertThat(reply.enhancedCode()).isEqualTo(Optional.ofNullable(enhanced));
        assertThat(reply.lines().stream().filter(l -> !l.isEmpty()).toList().toString()).isEqualTo(lines);
    }

    @Test
    void toStringQuotesTheWholeReplyOnOneLine() throws Exception {
        Reply reply = read("550-5.1.1 No such user\r\n550 5.1.1 here\r\n").get(0);
        assertThat(reply).hasToString("550 5.1.1 No such user here");
    }

    @Test
    void pipelinedRepliesComeOutInOrderAndAPartialOneWaits() throws Exception {
        ReplyReader reader = new ReplyReader();
        List<Reply> replies = read(reader, "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 go\r\n250-par".getBytes(StandardCharsets.US_ASCII));
        assertThat(replies).extracting(Reply::code).containsExactly(250, 250, 354);
        assertThat(read(reader, "tial\r\n".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(read(reader, "250 end\r\n".getBytes(StandardCharsets.US_ASCII)))
                .singleElement().extracting(Reply::lines).isEqualTo(List.of("partial", "end"));
    }

    @Test
    void aReplySplitAtEveryOffsetReadsTheSame() throws Exception {
        byte[] wire = ("220 mx ESMTP\r\n250-mx.example\r\n250-SIZE 1000\r\n250 DSN\r\n550-5.1.1 a\r\n550 5.1.1 b\r\n"
                + "354 go ahead\n").getBytes(StandardCharsets.US_ASCII);
        List<Reply> whole = read(new ReplyReader(), wire);
        assertThat(whole).hasSize(4);
        for (int cut = 1; cut < wire.length; cut++) {
            for (int second = cut + 1; second <= wire.length; second++) {
                ReplyReader reader = new ReplyReader();
                List<Reply> split = new ArrayList<>(read(reader, Arrays.copyOfRange(wire, 0, cut)));
                split.addAll(read(reader, Arrays.copyOfRange(wire, cut, second)));
                split.addAll(read(reader, Arrays.copyOfRange(wire, second, wire.length)));
                assertThat(split).as("cut at %d and %d", cut, second).isEqualTo(whole);
            }
        }
    }

    @Test
    void aLineOf2048OctetsIsReadButNotOneOctetMore() throws Exception {
        String text = "x".repeat(ReplyReader.MAX_LINE_OCTETS - 6);
        assertThat(read("250 " + text + "\r\n")).singleElement().extracting(r -> r.lines().get(0)).isEqualTo(text);
        assertThatThrownBy(() -> read("250 " + text + "x\r\n"))
                .isInstanceOf(MalformedReplyException.class).hasMessageContaining("longer than 2048");
    }

    @Test
    void anOverlongLineIsRefusedBeforeItsEndArrives() {
        ReplyReader reader = new ReplyReader();
        byte[] endless = ("250 " + "x".repeat(ReplyReader.MAX_LINE_OCTETS)).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> read(reader, endless)).isInstanceOf(MalformedReplyException.class);
    }

    @Test
    void aReplyOf100LinesIsReadButNotOf101() throws Exception {
        assertThat(read("250-x\r\n".repeat(99) + "250 x\r\n")).singleElement()
                .extracting(r -> r.lines().size()).isEqualTo(100);
        assertThatThrownBy(() -> read("250-x\r\n".repeat(100) + "250 x\r\n"))
                .isInstanceOf(MalformedReplyException.class).hasMessageContaining("100 lines");
    }

    @Test
    void unreadRepliesAreBounded() {
        ReplyReader reader = new ReplyReader();
        byte[] many = "250 ok\r\n".repeat(ReplyReader.MAX_BUFFERED_OCTETS / 8 + 1).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> reader.feed(many, 0, many.length)).isInstanceOf(MalformedReplyException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no code | hello\\r\\n",
        "short | 25\\r\\n",
        "letters in the code | 2x0 ok\\r\\n",
        "code out of range | 600 ok\\r\\n",
        "second digit out of range | 260 ok\\r\\n",
        "four digits | 2500 ok\\r\\n",
        "continuation with another code | 250-a\\r\\n251 b\\r\\n",
        "empty line | \\r\\n",
    })
    void malformedRepliesAreRefused(String name, String wire) {
        assertThatThrownBy(() -> read(unescape(wire))).isInstanceOf(MalformedReplyException.class);
    }

    @Test
    void discardDropsWhatWasReceivedAndNotRead() throws Exception {
        ReplyReader reader = new ReplyReader();
        assertThat(read(reader, "220 2.0.0 go ahead\r\n250-injected\r\n".getBytes(StandardCharsets.US_ASCII))).hasSize(1);
        reader.discard();
        assertThat(read(reader, "250 fresh\r\n".getBytes(StandardCharsets.US_ASCII)))
                .singleElement().extracting(Reply::lines).isEqualTo(List.of("fresh"));
    }

    static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n");
    }
}
