package io.mailfleet.mime.model;

/**
 * The octet ranges an IMAP server needs to answer the section specifiers of one part number
 * (RFC 3501 §6.4.5) with ranged reads of the stored message.
 *
 * @param mime   {@code BODY[n.MIME]}
 * @param body   {@code BODY[n]}
 * @param header {@code BODY[n.HEADER]}, only for a message/rfc822 part, else null
 * @param text   {@code BODY[n.TEXT]}, only for a message/rfc822 part, else null
 */
public record Section(String partNumber, ByteRange mime, ByteRange body, ByteRange header, ByteRange text) {

    static Section of(String partNumber, MimePart part) {
        EncapsulatedMessage message = part.message();
        return new Section(
                partNumber,
                part.mime(),
                part.body(),
                message == null ? null : message.body().mime(),
                message == null ? null : message.body().body());
    }
}
