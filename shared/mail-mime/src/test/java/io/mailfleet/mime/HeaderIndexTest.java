package io.mailfleet.mime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.mailfleet.mime.model.HeaderIndex;

class HeaderIndexTest {

    @Test
    void keepsEveryOccurrenceInOrderDecodedAndUnfolded() {
        HeaderIndex index = new MimeParser().parse(Corpus.crlf("Received: from a\n  by b\nX-Tag: =?utf-8?q?caf=C3=A9?=\n"
                + "received: from c\nSUBJECT:   spaced  \nContent-Type: text/plain\n\n--b\nX-Inner: not top level\n")).headers();

        assertThat(index.values("received")).containsExactly("from a  by b", "from c");
        assertThat(index.first("X-TAG")).isEqualTo("café");
        assertThat(index.first("subject")).isEqualTo("spaced");
        assertThat(index.fields()).containsOnlyKeys("received", "x-tag", "subject", "content-type");
        assertThat(index.first("x-inner")).isNull();
        assertThat(index.complete()).isTrue();
    }

    @Test
    void indexesOnlyTheTopLevelHeader() {
        HeaderIndex index = Corpus.parse("forwarded.eml").headers();

        assertThat(index.values("subject")).containsExactly("Fwd: Lunch on Friday?");
        assertThat(index.values("content-disposition")).isEmpty();
    }

    @Test
    void decodesEncodedWordsOfEveryField() {
        HeaderIndex index = Corpus.parse("encoded-words.eml").headers();

        assertThat(index.first("x-mailer")).isEqualTo("Café Mail 2.0");
        assertThat(index.first("cc")).isEqualTo("André Pirard <PIRARD@vm1.ulg.ac.be>");
        assertThat(index.first("subject")).isEqualTo("If you can read this you understand the example.");
    }
}
