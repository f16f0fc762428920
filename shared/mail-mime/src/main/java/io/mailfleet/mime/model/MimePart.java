package io.mailfleet.mime.model;

import java.util.List;
import java.util.Objects;

/**
 * One node of the BODYSTRUCTURE tree with the octet ranges of its sections.
 *
 * <p>Case-insensitive tokens (type, subtype, parameter names, encoding) are lowercased; other
 * strings are as written, unfolded and trimmed, and null when the header is absent.
 *
 * @param partNumber  the IMAP part number ({@code 1}, {@code 4.2.1}); null for a multipart that
 *                    is the body of a message, which IMAP reaches only as that message's TEXT
 * @param fileName    the attachment name for display (disposition {@code filename}, else type
 *                    {@code name}) with RFC 2231 and RFC 2047 decoded, or null
 * @param mime        the part's MIME header including the blank line; for the body of a message
 *                    this is the message header. The line end before a delimiter belongs to the
 *                    delimiter (RFC 2046 §5.1.1), also when a header runs right up to one
 * @param body        the part's content, without the line end that belongs to the next delimiter
 * @param lines       number of lines that start inside {@code body}; IMAP reports it only for
 *                    text and message/rfc822 parts
 * @param children    the parts of a multipart (never empty for one), else empty
 * @param message     the enclosed message of a message/rfc822 part, else null
 * @param decodedSize the octets a base64 leaf part's body decodes to, when the parser could count them without
 *                    decoding (a body every decoder reads alike); null otherwise, and in parts parsed before it
 *                    was counted
 */
public record MimePart(
        String partNumber,
        String type,
        String subtype,
        List<Parameter> parameters,
        String id,
        String description,
        String encoding,
        String md5,
        Disposition disposition,
        List<String> language,
        String location,
        String fileName,
        ByteRange mime,
        ByteRange body,
        long lines,
        List<MimePart> children,
        EncapsulatedMessage message,
        Long decodedSize) {

    public MimePart {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subtype, "subtype");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(mime, "mime");
        Objects.requireNonNull(body, "body");
        parameters = List.copyOf(parameters);
        language = List.copyOf(language);
        children = List.copyOf(children);
    }

    /** Body size in octets, as IMAP reports it: the encoded octets, not the decoded content. */
    public long size() {
        return body.length();
    }

    public boolean multipart() {
        return type.equals("multipart");
    }

    /** The value of the first parameter with this (lowercase) name, or null. */
    public String parameter(String name) {
        for (Parameter parameter : parameters) {
            if (parameter.name().equals(name)) {
                return parameter.value();
            }
        }
        return null;
    }
}
