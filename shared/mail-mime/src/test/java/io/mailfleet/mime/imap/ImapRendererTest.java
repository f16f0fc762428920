package io.mailfleet.mime.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.mailfleet.mime.model.Address;
import io.mailfleet.mime.model.ByteRange;
import io.mailfleet.mime.model.Disposition;
import io.mailfleet.mime.model.EncapsulatedMessage;
import io.mailfleet.mime.model.Envelope;
import io.mailfleet.mime.model.MimePart;
import io.mailfleet.mime.model.Parameter;

/** The renderer on hand-built models, independent of the parser. */
class ImapRendererTest {

    private static final ByteRange NONE = new ByteRange(0, 0);

    private static MimePart leaf(String type, String subtype, List<Parameter> parameters, String encoding, long size,
            long lines) {
        return new MimePart("1", type, subtype, parameters, null, null, encoding, null, null, List.of(), null, null,
                NONE, new ByteRange(0, size), lines, List.of(), null, null);
    }

    private static Address mailbox(String name, String mailbox, String host) {
        return Address.mailbox(name, null, mailbox, host, name);
    }

    @Test
    void rendersTheRfc3501ExampleEnvelope() {
        List<Address> gray = List.of(mailbox("Terry Gray", "gray", "cac.washington.edu"));
        Envelope envelope = new Envelope("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)", "IMAP4rev1 WG mtg summary and minutes",
                "IMAP4rev1 WG mtg summary and minutes", gray, gray, gray,
                List.of(mailbox(null, "imap", "cac.washington.edu")),
                List.of(mailbox(null, "minutes", "CNRI.Reston.VA.US"), mailbox("John Klensin", "KLENSIN", "MIT.EDU")),
                List.of(), null, "<B27397-0100000@cac.washington.edu>");

        assertThat(ImapRenderer.envelope(envelope)).isEqualTo("(\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\""
                + " \"IMAP4rev1 WG mtg summary and minutes\""
                + " ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))"
                + " ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))"
                + " ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))"
                + " ((NIL NIL \"imap\" \"cac.washington.edu\"))"
                + " ((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\"))"
                + " NIL NIL \"<B27397-0100000@cac.washington.edu>\")");
    }

    @Test
    void rendersGroupMarkers() {
        Envelope envelope = new Envelope(null, null, null, List.of(), List.of(), List.of(),
                List.of(Address.groupStart("team", "team"), mailbox(null, "a", "b.test"), Address.groupEnd()),
                List.of(), List.of(), null, null);

        assertThat(ImapRenderer.envelope(envelope))
                .isEqualTo("(NIL NIL NIL NIL NIL ((NIL NIL \"team\" NIL)(NIL NIL \"a\" \"b.test\")(NIL NIL NIL NIL)) NIL NIL NIL NIL)");
    }

    @Test
    void rendersTheRfc3501ExampleBodyStructure() {
        // RFC 3501 §7.4.2: BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 1152 23)
        // ("TEXT" "PLAIN" ("CHARSET" "US-ASCII" "NAME" "cc.diff") "<960723163407.20117h@cac.washington.edu>"
        // "Compiler diff" "BASE64" 4554 73) "MIXED")
        MimePart first = leaf("TEXT", "PLAIN", List.of(new Parameter("CHARSET", "US-ASCII")), "7BIT", 1152, 23);
        MimePart second = new MimePart("2", "TEXT", "PLAIN",
                List.of(new Parameter("CHARSET", "US-ASCII"), new Parameter("NAME", "cc.diff")),
                "<960723163407.20117h@cac.washington.edu>", "Compiler diff", "BASE64", null, null, List.of(), null,
                null, NONE, new ByteRange(0, 4554), 73, List.of(), null, null);
        MimePart mixed = new MimePart(null, "multipart", "MIXED", List.of(), null, null, "7bit", null, null, List.of(),
                null, null, NONE, NONE, 0, List.of(first, second), null, null);

        assertThat(ImapRenderer.body(mixed)).isEqualTo("((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1152 23)"
                + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\")"
                + " \"<960723163407.20117h@cac.washington.edu>\" \"Compiler diff\" \"BASE64\" 4554 73) \"MIXED\")");
        assertThat(ImapRenderer.bodyStructure(mixed)).isEqualTo(
                "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1152 23 NIL NIL NIL NIL)"
                        + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\")"
                        + " \"<960723163407.20117h@cac.washington.edu>\" \"Compiler diff\" \"BASE64\" 4554 73"
                        + " NIL NIL NIL NIL) \"MIXED\" NIL NIL NIL NIL)");
    }

    @Test
    void rendersExtensionDataOfSinglePartsAndMultiparts() {
        MimePart image = new MimePart("1", "image", "png", List.of(), "<logo@x>", null, "base64", "bWQ1",
                new Disposition("inline", List.of(new Parameter("filename", "logo.png"))), List.of("en", "de"),
                "logo.png", "logo.png", NONE, new ByteRange(0, 10), 1, List.of(), null, null);
        MimePart related = new MimePart(null, "multipart", "related", List.of(new Parameter("type", "image/png")),
                null, null, "7bit", null, new Disposition("inline", List.of()), List.of("fr"), "http://x.test/",
                null, NONE, NONE, 0, List.of(image), null, null);

        assertThat(ImapRenderer.bodyStructure(related)).isEqualTo(
                "((\"image\" \"png\" NIL \"<logo@x>\" NIL \"base64\" 10 \"bWQ1\" (\"inline\" (\"filename\" \"logo.png\"))"
                        + " (\"en\" \"de\") \"logo.png\") \"related\" (\"type\" \"image/png\") (\"inline\" NIL) (\"fr\")"
                        + " \"http://x.test/\")");
    }

    @Test
    void rendersAnEncapsulatedMessageWithEnvelopeBodyAndLines() {
        Envelope inner = new Envelope(null, "hi", "hi", List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), null, null);
        MimePart innerBody = leaf("text", "plain", List.of(), "7bit", 3, 1);
        MimePart message = new MimePart("1", "message", "rfc822", List.of(), null, null, "7bit", null, null, List.of(),
                null, null, NONE, new ByteRange(0, 20), 3, List.of(), new EncapsulatedMessage(inner, innerBody), null);

        assertThat(ImapRenderer.body(message)).isEqualTo("(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 20"
                + " (NIL \"hi\" NIL NIL NIL NIL NIL NIL NIL NIL) (\"text\" \"plain\" NIL NIL NIL \"7bit\" 3 1) 3)");
    }

    @Test
    void givesLineCountsOnlyToTextAndMessageParts() {
        assertThat(ImapRenderer.body(leaf("application", "pdf", List.of(), "base64", 8, 2)))
                .isEqualTo("(\"application\" \"pdf\" NIL NIL NIL \"base64\" 8)");
        assertThat(ImapRenderer.body(leaf("text", "html", List.of(), "8bit", 8, 2)))
                .isEqualTo("(\"text\" \"html\" NIL NIL NIL \"8bit\" 8 2)");
    }
}
