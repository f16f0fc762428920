package io.mailfleet.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.OffsetDateTime;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.mailfleet.mime.imap.ImapRenderer;
import io.mailfleet.mime.model.Address;
import io.mailfleet.mime.model.Envelope;
import io.mailfleet.mime.model.ParsedMessage;

class EnvelopeTest {

    static Stream<Arguments> envelopes() {
        return Stream.of(
                // The message of RFC 3501 §7.4.2's example, rendered without the stray space the
                // example puts between two addresses: the grammar has "(" 1*address ")".
                arguments("plain-text.eml", "(\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\""
                        + " \"IMAP4rev1 WG mtg summary and minutes\""
                        + " ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))"
                        + " ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))"
                        + " ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))"
                        + " ((NIL NIL \"imap\" \"cac.washington.edu\"))"
                        + " ((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\"))"
                        + " NIL NIL \"<B27397-0100000@cac.washington.edu>\")"),
                arguments("alternative.eml", "(\"Tue, 05 Mar 2024 09:15:00 +0100\" \"Lunch on Friday?\""
                        + " ((\"Doe, Jane\" NIL \"jane\" \"example.com\"))"
                        + " ((\"Doe, Jane\" NIL \"jane\" \"example.com\"))"
                        + " ((\"Doe, Jane\" NIL \"jane\" \"example.com\"))"
                        + " ((\"Bob\" NIL \"bob\" \"example.org\")) NIL NIL"
                        + " \"<question-7@example.org>\" \"<alt-1@example.com>\")"),
                // Encoded words stay encoded in ENVELOPE: clients decode them.
                arguments("encoded-words.eml", "(\"Sat, 09 Mar 2024 08:30:00 -0500\""
                        + " \"=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?= =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=\""
                        + " ((\"=?US-ASCII?Q?Keith_Moore?=\" NIL \"moore\" \"cs.utk.edu\"))"
                        + " ((\"=?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=\" NIL \"test\" \"example.jp\"))"
                        + " ((\"=?KOI8-R?B?6dfBziDwxdTSz9c=?=\" NIL \"ivan\" \"example.ru\"))"
                        + " ((\"=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?=\" NIL \"keld\" \"dkuug.dk\"))"
                        + " ((\"=?ISO-8859-1?Q?Andr=E9?= Pirard\" NIL \"PIRARD\" \"vm1.ulg.ac.be\"))"
                        + " NIL NIL NIL)"),
                // Empty Sender defaults to From; groups become start and end markers.
                arguments("group-addresses.eml", "(\"Sun, 10 Mar 2024 11:11:11 +0000\" \"Group syntax\""
                        + " ((\"Smith, John (Sales)\" NIL \"john.smith\" \"example.com\"))"
                        + " ((\"Smith, John (Sales)\" NIL \"john.smith\" \"example.com\"))"
                        + " ((NIL NIL \"\\\"john doe\\\"\" \"example.com\"))"
                        + " ((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL))"
                        + " ((NIL NIL \"Friends\" NIL)(NIL NIL \"alice\" \"example.com\")"
                        + "(\"Bob \\\"The Builder\\\" Jones\" NIL \"bob\" \"example.net\")(NIL NIL NIL NIL)"
                        + "(\"Carol Danvers\" NIL \"carol\" \"example.org\"))"
                        + " ((NIL \"@relay.example,@gw.example\" \"dave\" \"example.com\"))"
                        + " NIL NIL)"),
                // RFC 6532 headers keep their UTF-8; 8-bit strings go out as literals.
                arguments("utf8-headers.eml", "(\"Fri, 08 Mar 2024 12:00:00 +0100\" {19}\r\nGrüße aus Zürich"
                        + " (({13}\r\nJürgen Groß NIL {7}\r\njürgen {15}\r\nbücher.example))"
                        + " (({13}\r\nJürgen Groß NIL {7}\r\njürgen {15}\r\nbücher.example))"
                        + " (({13}\r\nJürgen Groß NIL {7}\r\njürgen {15}\r\nbücher.example))"
                        + " ((NIL NIL {6}\r\n用户 {13}\r\n例子.广告))"
                        + " NIL NIL NIL {24}\r\n<utf8-1@bücher.example>)"),
                arguments("no-body-separator.eml", "(NIL \"No body separator\""
                        + " ((NIL NIL \"headers-only\" \"example.com\"))"
                        + " ((NIL NIL \"headers-only\" \"example.com\"))"
                        + " ((NIL NIL \"headers-only\" \"example.com\"))"
                        + " ((NIL NIL \"you\" \"example.com\")) NIL NIL NIL NIL)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envelopes")
    void rendersTheEnvelope(String file, String expected) {
        assertThat(ImapRenderer.envelope(Corpus.parse(file).envelope())).isEqualTo(expected);
    }

    static Stream<Arguments> decodedNames() {
        return Stream.of(
                arguments("from", "Keith Moore"),
                arguments("to", "Keld Jørn Simonsen"),
                arguments("cc", "André Pirard"),
                arguments("reply-to", "Иван Петров"),
                arguments("sender", "テスト"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decodedNames")
    void decodesEncodedWordsInNamesForDisplay(String field, String displayName) {
        Envelope envelope = Corpus.parse("encoded-words.eml").envelope();
        Address address = switch (field) {
            case "from" -> envelope.from().get(0);
            case "to" -> envelope.to().get(0);
            case "cc" -> envelope.cc().get(0);
            case "reply-to" -> envelope.replyTo().get(0);
            default -> envelope.sender().get(0);
        };
        assertThat(address.displayName()).isEqualTo(displayName);
    }

    @Test
    void decodesASubjectSplitOverTwoCharsets() {
        Envelope envelope = Corpus.parse("encoded-words.eml").envelope();

        // RFC 2047 §8: adjacent encoded words are joined without the white space between them.
        assertThat(envelope.decodedSubject()).isEqualTo("If you can read this you understand the example.");
    }

    @Test
    void keepsUtf8HeadersAsWritten() {
        Envelope envelope = Corpus.parse("utf8-headers.eml").envelope();

        assertThat(envelope.subject()).isEqualTo("Grüße aus Zürich");
        assertThat(envelope.decodedSubject()).isEqualTo("Grüße aus Zürich");
        assertThat(envelope.from()).containsExactly(
                Address.mailbox("Jürgen Groß", null, "jürgen", "bücher.example", "Jürgen Groß"));
        assertThat(envelope.to()).containsExactly(Address.mailbox(null, null, "用户", "例子.广告", null));
    }

    @Test
    void defaultsSenderAndReplyToToFromOnlyWhenAbsentOrEmpty() {
        Envelope groups = Corpus.parse("group-addresses.eml").envelope();
        Envelope encoded = Corpus.parse("encoded-words.eml").envelope();

        assertThat(groups.sender()).isEqualTo(groups.from());
        assertThat(groups.replyTo()).containsExactly(Address.mailbox(null, null, "\"john doe\"", "example.com", null));
        assertThat(encoded.sender()).isNotEqualTo(encoded.from());
        assertThat(encoded.replyTo()).isNotEqualTo(encoded.from());
    }

    @Test
    void readsTheEnvelopeOfAnEnclosedMessage() {
        ParsedMessage forwarded = Corpus.parse("forwarded.eml");
        Envelope inner = forwarded.part("2").orElseThrow().message().envelope();

        assertThat(forwarded.envelope().subject()).isEqualTo("Fwd: Lunch on Friday?");
        assertThat(inner.subject()).isEqualTo("Lunch on Friday?");
        assertThat(inner.from()).containsExactly(Address.mailbox("Doe, Jane", null, "jane", "example.com", "Doe, Jane"));
        assertThat(inner.messageId()).isEqualTo("<alt-1@example.com>");
    }

    @Test
    void parsesTheDateWithTheOffsetItWasWrittenIn() {
        ParsedMessage message = Corpus.parse("plain-text.eml");

        assertThat(message.sentDate().toOffsetDateTime())
                .isEqualTo(OffsetDateTime.parse("1996-07-17T02:23:25-07:00"));
        assertThat(Corpus.parse("boundary-absent.eml").sentDate()).isNull();
    }

    @Test
    void anEmptyMessageHasAnAllNilEnvelope() {
        ParsedMessage message = new MimeParser().parse(new byte[0]);

        assertThat(ImapRenderer.envelope(message.envelope())).isEqualTo("(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
    }
}
