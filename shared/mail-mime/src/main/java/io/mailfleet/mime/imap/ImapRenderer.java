package io.mailfleet.mime.imap;

import static io.mailfleet.mime.imap.ImapStrings.appendNString;
import static io.mailfleet.mime.imap.ImapStrings.appendString;

import java.util.List;

import io.mailfleet.mime.model.Address;
import io.mailfleet.mime.model.Disposition;
import io.mailfleet.mime.model.Envelope;
import io.mailfleet.mime.model.MimePart;
import io.mailfleet.mime.model.Parameter;

/**
 * Renders the parsed model as the IMAP FETCH items ENVELOPE, BODYSTRUCTURE and BODY, following
 * the grammar of RFC 3501 §9 (unchanged in RFC 9051 for these items), so that they can be stored
 * once at delivery and sent as they are.
 *
 * <p>BODYSTRUCTURE always carries all four extension fields (md5/params, disposition, language,
 * location) since the grammar only allows leaving out a suffix of them.
 */
public final class ImapRenderer {

    private ImapRenderer() {
    }

    /** The ENVELOPE value: {@code (date subject from sender reply-to to cc bcc in-reply-to message-id)}. */
    public static String envelope(Envelope envelope) {
        StringBuilder out = new StringBuilder(256);
        appendEnvelope(out, envelope);
        return out.toString();
    }

    /** The BODYSTRUCTURE value, with extension data. */
    public static String bodyStructure(MimePart body) {
        StringBuilder out = new StringBuilder(256);
        appendBody(out, body, true);
        return out.toString();
    }

    /** The BODY value: the non-extensible form of BODYSTRUCTURE. */
    public static String body(MimePart body) {
        StringBuilder out = new StringBuilder(256);
        appendBody(out, body, false);
        return out.toString();
    }

    private static void appendEnvelope(StringBuilder out, Envelope envelope) {
        out.append('(');
        appendNString(out, envelope.date());
        out.append(' ');
        appendNString(out, envelope.subject());
        for (List<Address> addresses : List.of(envelope.from(), envelope.sender(), envelope.replyTo(),
                envelope.to(), envelope.cc(), envelope.bcc())) {
            out.append(' ');
            appendAddresses(out, addresses);
        }
        out.append(' ');
        appendNString(out, envelope.inReplyTo());
        out.append(' ');
        appendNString(out, envelope.messageId());
        out.append(')');
    }

    // "(" 1*address ")" / nil: the addresses follow each other without a space.
    private static void appendAddresses(StringBuilder out, List<Address> addresses) {
        if (addresses.isEmpty()) {
            out.append("NIL");
            return;
        }
        out.append('(');
        for (Address address : addresses) {
            out.append('(');
            appendNString(out, address.name());
            out.append(' ');
            appendNString(out, address.adl());
            out.append(' ');
            appendNString(out, address.mailbox());
            out.append(' ');
            appendNString(out, address.host());
            out.append(')');
        }
        out.append(')');
    }

    private static void appendBody(StringBuilder out, MimePart part, boolean extended) {
        out.append('(');
        if (part.multipart() && !part.children().isEmpty()) {
            for (MimePart child : part.children()) {
                appendBody(out, child, extended);
            }
            out.append(' ');
            appendString(out, part.subtype());
            if (extended) {
                out.append(' ');
                appendParameters(out, part.parameters());
                appendExtensionTail(out, part);
            }
        } else {
            appendString(out, part.type());
            out.append(' ');
            appendString(out, part.subtype());
            out.append(' ');
            appendParameters(out, part.parameters());
            out.append(' ');
            appendNString(out, part.id());
            out.append(' ');
            appendNString(out, part.description());
            out.append(' ');
            appendString(out, part.encoding());
            out.append(' ').append(part.size());
            if (part.message() != null) {
                out.append(' ');
                appendEnvelope(out, part.message().envelope());
                out.append(' ');
                appendBody(out, part.message().body(), extended);
                out.append(' ').append(part.lines());
            } else if (part.type().equalsIgnoreCase("text")) {
                out.append(' ').append(part.lines());
            }
            if (extended) {
                out.append(' ');
                appendNString(out, part.md5());
                appendExtensionTail(out, part);
            }
        }
        out.append(')');
    }

    // body-fld-dsp SP body-fld-lang SP body-fld-loc, shared by single parts and multiparts.
    private static void appendExtensionTail(StringBuilder out, MimePart part) {
        out.append(' ');
        appendDisposition(out, part.disposition());
        out.append(' ');
        appendLanguage(out, part.language());
        out.append(' ');
        appendNString(out, part.location());
    }

    private static void appendParameters(StringBuilder out, List<Parameter> parameters) {
        if (parameters.isEmpty()) {
            out.append("NIL");
            return;
        }
        out.append('(');
        for (int i = 0; i < parameters.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            appendString(out, parameters.get(i).name());
            out.append(' ');
            appendString(out, parameters.get(i).value());
        }
        out.append(')');
    }

    private static void appendDisposition(StringBuilder out, Disposition disposition) {
        if (disposition == null) {
            out.append("NIL");
            return;
        }
        out.append('(');
        appendString(out, disposition.type());
        out.append(' ');
        appendParameters(out, disposition.parameters());
        out.append(')');
    }

    private static void appendLanguage(StringBuilder out, List<String> language) {
        if (language.isEmpty()) {
            out.append("NIL");
            return;
        }
        out.append('(');
        for (int i = 0; i < language.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            appendString(out, language.get(i));
        }
        out.append(')');
    }
}
