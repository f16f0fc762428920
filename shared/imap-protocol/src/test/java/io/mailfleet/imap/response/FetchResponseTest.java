package io.mailfleet.imap.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.mailfleet.imap.response.FetchItem.BodySection;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;

class FetchResponseTest {

    private static final String ENVELOPE = "(\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary and minutes\" "
            + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) NIL NIL NIL NIL NIL NIL \"<B27397-0100000@cac.washington.edu>\")";

    static Stream<Arguments> smallResponses() {
        return Stream.of(
                // RFC 3501 §7.4.2
                Arguments.of(new FetchResponse(23, List.of(new FetchItem.Flags(Flags.of(Flag.SEEN), false),
                        FetchItem.Number.size(44827))), "* 23 FETCH (FLAGS (\\Seen) RFC822.SIZE 44827)"),
                Arguments.of(new FetchResponse(12, List.of(new FetchItem.Flags(Flags.EMPTY, true),
                        new FetchItem.InternalDate(OffsetDateTime.of(1996, 7, 17, 2, 44, 25, 0, ZoneOffset.ofHours(-7))),
                        FetchItem.Number.size(4286), new FetchItem.Rendered("ENVELOPE", ENVELOPE))),
                        "* 12 FETCH (FLAGS (\\Recent) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286 ENVELOPE "
                                + ENVELOPE + ")"),
                Arguments.of(new FetchResponse(1, List.of(new FetchItem.InternalDate(
                        OffsetDateTime.of(2026, 12, 5, 3, 4, 5, 0, ZoneOffset.ofHoursMinutes(5, 30))))),
                        "* 1 FETCH (INTERNALDATE \" 5-Dec-2026 03:04:05 +0530\")"),
                Arguments.of(new FetchResponse(3, List.of(new FetchItem.Rendered("BODYSTRUCTURE",
                        "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92 NIL NIL NIL NIL)"))),
                        "* 3 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92 NIL NIL NIL NIL))"),
                // RFC 7162 §3.1.4.1 and §3.2.6
                Arguments.of(new FetchResponse(1, List.of(FetchItem.Number.uid(4), new FetchItem.ModSeq(12121231000L))),
                        "* 1 FETCH (UID 4 MODSEQ (12121231000))"),
                Arguments.of(new FetchResponse(4, List.of(FetchItem.Number.uid(8),
                        new FetchItem.Flags(Flags.of(Flag.DELETED, Flag.SEEN), false), new FetchItem.ModSeq(12121231000L))),
                        "* 4 FETCH (UID 8 FLAGS (\\Deleted \\Seen) MODSEQ (12121231000))"),
                // RFC 8474 §5.3
                Arguments.of(new FetchResponse(1, List.of(new FetchItem.EmailId("M6d99ac3275bb4e"),
                        new FetchItem.ThreadId("T64b478a75b7ea9"))),
                        "* 1 FETCH (EMAILID (M6d99ac3275bb4e) THREADID (T64b478a75b7ea9))"),
                Arguments.of(new FetchResponse(2, List.of(new FetchItem.ThreadId(null))), "* 2 FETCH (THREADID NIL)"),
                // RFC 8514 §4, RFC 8970 §3, RFC 3516 §4.2
                Arguments.of(new FetchResponse(1, List.of(new FetchItem.SaveDate(
                        OffsetDateTime.of(2019, 10, 27, 14, 37, 3, 0, ZoneOffset.ofHours(1))))),
                        "* 1 FETCH (SAVEDATE \"27-Oct-2019 14:37:03 +0100\")"),
                Arguments.of(new FetchResponse(1, List.of(new FetchItem.SaveDate(null))), "* 1 FETCH (SAVEDATE NIL)"),
                Arguments.of(new FetchResponse(1, List.of(new FetchItem.Preview("Preview text"))),
                        "* 1 FETCH (PREVIEW \"Preview text\")"),
                Arguments.of(new FetchResponse(2, List.of(new FetchItem.Preview(null))), "* 2 FETCH (PREVIEW NIL)"),
                Arguments.of(new FetchResponse(1, List.of(new FetchItem.BinarySize("1.2", 2231))),
                        "* 1 FETCH (BINARY.SIZE[1.2] 2231)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("smallResponses")
    void encodesResponsesWithoutBodyData(FetchResponse response, String line) {
        assertThat(response.isSmall()).isTrue();
        List<FetchResponse.Part> parts = response.parts(false);
        assertThat(parts).hasSize(1);
        assertThat(new String(((FetchResponse.Part.Bytes) parts.get(0)).bytes(), StandardCharsets.UTF_8))
                .isEqualTo(line + "\r\n");
    }

    /** Sends the parts as a gateway would, streaming each section's octets from the "store". */
    private static String send(FetchResponse response, byte[] stored) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (FetchResponse.Part part : response.parts(false)) {
            if (part instanceof FetchResponse.Part.Bytes bytes) {
                wire.writeBytes(bytes.bytes());
            } else {
                BodySection section = ((FetchResponse.Part.Body) part).section();
                wire.write(stored, 0, Math.toIntExact(section.octets()));
            }
        }
        return wire.toString(StandardCharsets.UTF_8);
    }

    @Test
    void leavesBodyOctetsToTheCaller() {
        byte[] header = "Subject: hi\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        FetchResponse response = new FetchResponse(12, List.of(FetchItem.Number.uid(7),
                BodySection.body("HEADER", OptionalLong.empty(), header.length),
                new FetchItem.Flags(Flags.of(Flag.SEEN), false)));
        assertThat(response.isSmall()).isFalse();
        List<FetchResponse.Part> parts = response.parts(false);
        assertThat(parts).hasSize(3);
        assertThat(parts.get(1)).isInstanceOf(FetchResponse.Part.Body.class);
        // RFC 3501 §6.4.5: \Seen set by the fetch comes back in the same response
        assertThat(send(response, header))
                .isEqualTo("* 12 FETCH (UID 7 BODY[HEADER] {15}\r\nSubject: hi\r\n\r\n FLAGS (\\Seen))\r\n");
    }

    @Test
    void writesEveryKindOfBodyItem() {
        byte[] data = "0123456789".getBytes(StandardCharsets.US_ASCII);
        FetchResponse response = new FetchResponse(1, List.of(
                BodySection.body("1.2", OptionalLong.of(0), 4),
                BodySection.body("", OptionalLong.empty(), 2),
                BodySection.body("HEADER.FIELDS (FROM TO)", OptionalLong.empty(), 1),
                BodySection.binary("1", OptionalLong.empty(), 3),
                new BodySection("RFC822", null, OptionalLong.empty(), 0),
                new BodySection("RFC822.HEADER", null, OptionalLong.empty(), 1),
                new BodySection("RFC822.TEXT", null, OptionalLong.empty(), 1)));
        assertThat(send(response, data)).isEqualTo("* 1 FETCH (BODY[1.2]<0> {4}\r\n0123 BODY[] {2}\r\n01 "
                + "BODY[HEADER.FIELDS (FROM TO)] {1}\r\n0 BINARY[1] ~{3}\r\n012 RFC822 {0}\r\n RFC822.HEADER {1}\r\n0 "
                + "RFC822.TEXT {1}\r\n0)\r\n");
    }

    @Test
    void isAnOrdinaryResponseOnlyWithoutBodyData() {
        FetchResponse small = new FetchResponse(2, List.of(FetchItem.Number.uid(9)));
        assertThat(new String(small.encode(false), StandardCharsets.US_ASCII)).isEqualTo("* 2 FETCH (UID 9)\r\n");
        FetchResponse large = new FetchResponse(2, List.of(BodySection.body("", OptionalLong.empty(), 9)));
        assertThatThrownBy(() -> large.encode(false)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesMalformedItems() {
        assertThatThrownBy(() -> new BodySection("RFC822", "1", OptionalLong.empty(), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BodySection.body(null, OptionalLong.empty(), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BodySection.body("1]", OptionalLong.empty(), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FetchItem.Rendered("RFC822", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FetchResponse(0, List.of(FetchItem.Number.uid(1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FetchResponse(1, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
