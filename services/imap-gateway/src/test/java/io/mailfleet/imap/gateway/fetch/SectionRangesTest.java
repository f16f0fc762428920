package io.mailfleet.imap.gateway.fetch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailfleet.imap.command.FetchAttribute;
import io.mailfleet.imap.command.FetchAttribute.Section;
import io.mailfleet.imap.command.FetchAttribute.SectionText;
import io.mailfleet.mime.MimeParser;
import io.mailfleet.mime.model.ByteRange;
import io.mailfleet.mime.model.MimePart;
import io.mailfleet.mime.model.ParsedMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The part numbering example of RFC 3501 §6.4.5 (kept in RFC 9051), as a message whose every leaf says
 * which part it is, resolved from the structure as it is stored (JSON and back) to octet ranges.
 */
class SectionRangesTest {

    static final String MESSAGE = String.join("\r\n",
            "From: a@example.org",
            "Subject: parts",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"top\"",
            "",
            "--top",
            "Content-Type: text/plain",
            "",
            "leaf 1",
            "--top",
            "Content-Type: application/octet-stream",
            "",
            "leaf 2",
            "--top",
            "Content-Type: message/rfc822",
            "",
            "Subject: three",
            "Content-Type: multipart/mixed; boundary=\"three\"",
            "",
            "--three",
            "Content-Type: text/plain",
            "",
            "leaf 3.1",
            "--three",
            "Content-Type: application/octet-stream",
            "",
            "leaf 3.2",
            "--three--",
            "--top",
            "Content-Type: multipart/mixed; boundary=\"four\"",
            "",
            "--four",
            "Content-Type: image/gif",
            "",
            "leaf 4.1",
            "--four",
            "Content-Type: message/rfc822",
            "",
            "Subject: four two",
            "Content-Type: multipart/mixed; boundary=\"fourtwo\"",
            "",
            "--fourtwo",
            "Content-Type: text/plain",
            "",
            "leaf 4.2.1",
            "--fourtwo",
            "Content-Type: multipart/alternative; boundary=\"alt\"",
            "",
            "--alt",
            "Content-Type: text/plain",
            "",
            "leaf 4.2.2.1",
            "--alt",
            "Content-Type: text/richtext",
            "",
            "leaf 4.2.2.2",
            "--alt--",
            "--fourtwo--",
            "--four--",
            "--top--",
            "");

    static final byte[] BYTES = MESSAGE.getBytes(StandardCharsets.US_ASCII);

    /** The structure as delivery stores it: the parsed body, written as JSON and read back. */
    static MimePart stored() throws Exception {
        ParsedMessage parsed = new MimeParser().parse(BYTES);
        return StoredStructure.parts(new ObjectMapper().writeValueAsString(parsed.body()));
    }

    @ParameterizedTest(name = "BODY[{0}]")
    @CsvSource(delimiter = '|', value = {
            "1          | leaf 1",
            "2          | leaf 2",
            "3.1        | leaf 3.1",
            "3.2        | leaf 3.2",
            "4.1        | leaf 4.1",
            "4.2.1      | leaf 4.2.1",
            "4.2.2.1    | leaf 4.2.2.1",
            "4.2.2.2    | leaf 4.2.2.2",
            "3.HEADER   | Subject: three\\r\\nContent-Type: multipart/mixed; boundary=\"three\"\\r\\n\\r\\n",
            "4.2.HEADER | Subject: four two\\r\\nContent-Type: multipart/mixed; boundary=\"fourtwo\"\\r\\n\\r\\n",
            "4.1.MIME   | Content-Type: image/gif\\r\\n\\r\\n",
            "HEADER     | From: a@example.org\\r\\nSubject: parts\\r\\nMIME-Version: 1.0\\r\\nContent-Type: multipart/mixed; boundary=\"top\"\\r\\n\\r\\n",
    })
    void partNumbersOfTheRfcExampleNameTheirOctets(String spec, String expected) throws Exception {
        SectionRanges.Target target = SectionRanges.resolve(stored(), BYTES.length, section(spec));
        assertThat(target).isInstanceOf(SectionRanges.Target.Range.class);
        assertThat(text(((SectionRanges.Target.Range) target).range())).isEqualTo(expected.replace("\\r\\n", "\r\n"));
    }

    @Test
    void theTextOfAnEnclosedMessageIsItsBodyAndTheWholeMessageIsEveryOctet() throws Exception {
        String text = text(((SectionRanges.Target.Range) SectionRanges.resolve(stored(), BYTES.length, section("3.TEXT"))).range());
        assertThat(text).startsWith("--three\r\n").contains("leaf 3.1", "leaf 3.2").doesNotContain("Subject: three");
        ByteRange whole = ((SectionRanges.Target.Range) SectionRanges.resolve(stored(), BYTES.length, section(""))).range();
        assertThat(whole).isEqualTo(new ByteRange(0, BYTES.length));
    }

    @Test
    void partsTheMessageDoesNotHaveAreMissingNotAnError() throws Exception {
        assertThat(SectionRanges.resolve(stored(), BYTES.length, section("5"))).isInstanceOf(SectionRanges.Target.Missing.class);
        assertThat(SectionRanges.resolve(stored(), BYTES.length, section("1.2"))).isInstanceOf(SectionRanges.Target.Missing.class);
        // HEADER after a part number names an enclosed message's header; part 1 is text.
        assertThat(SectionRanges.resolve(stored(), BYTES.length, section("1.HEADER"))).isInstanceOf(SectionRanges.Target.Missing.class);
    }

    @Test
    void headerFieldsAreTheHeaderRangeToFilter() throws Exception {
        Section fields = new Section(List.of(3), SectionText.HEADER_FIELDS, List.of("SUBJECT"));
        SectionRanges.Target target = SectionRanges.resolve(stored(), BYTES.length, fields);
        assertThat(target).isInstanceOf(SectionRanges.Target.Fields.class);
        SectionRanges.Target.Fields header = (SectionRanges.Target.Fields) target;
        byte[] raw = Arrays.copyOfRange(BYTES, (int) header.header().start(), (int) header.header().end());
        assertThat(new String(HeaderFields.filter(raw, header.names(), header.not()), StandardCharsets.US_ASCII))
                .isEqualTo("Subject: three\r\n\r\n");
    }

    @ParameterizedTest(name = "<{1}.{2}> of {0} octets")
    @CsvSource({
            "10, 0, 4, 0, 4",
            "10, 8, 4, 8, 10",
            "10, 12, 4, 10, 10",
            "0, 0, 1, 0, 0",
    })
    void aPartialFetchIsClippedToTheSection(long total, long offset, long length, long first, long end) {
        assertThat(SectionRanges.partial(total, Optional.of(new FetchAttribute.Partial(offset, length))))
                .containsExactly(first, end);
    }

    private static String text(ByteRange range) {
        return new String(BYTES, (int) range.start(), (int) range.length(), StandardCharsets.US_ASCII);
    }

    /** {@code 4.2.HEADER} as the FETCH parser gives it. */
    private static Section section(String spec) {
        List<Integer> part = new ArrayList<>();
        SectionText text = SectionText.WHOLE;
        for (String token : spec.isEmpty() ? new String[0] : spec.split("\\.")) {
            if (token.chars().allMatch(Character::isDigit)) {
                part.add(Integer.parseInt(token));
            } else {
                text = SectionText.valueOf(token);
            }
        }
        return new Section(part, text, List.of());
    }
}
