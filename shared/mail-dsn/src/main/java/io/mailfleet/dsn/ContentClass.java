package io.mailfleet.dsn;

import io.mailfleet.model.event.BodyType;

/**
 * What a part's octets need from transport, which sets its Content-Transfer-Encoding and the BODY
 * parameter the DSN is sent with. Returned originals are copied, never re-encoded, so they are
 * measured as they are.
 */
enum ContentClass {
    /** RFC 2045 §2.7: ASCII without NUL, CR and LF only as CRLF, lines of at most 998 octets. */
    SEVEN_BIT("7bit", BodyType.SEVEN_BIT),
    /** RFC 2045 §2.8: as 7bit, but octets above 127 too; needs 8BITMIME (RFC 6152). */
    EIGHT_BIT("8bit", BodyType.EIGHT_BIT_MIME),
    /** Anything else, such as a BINARYMIME original; needs BINARYMIME (RFC 3030). */
    BINARY("binary", BodyType.BINARY_MIME);

    private static final int MAX_LINE_OCTETS = 998;

    private final String transferEncoding;
    private final BodyType bodyType;

    ContentClass(String transferEncoding, BodyType bodyType) {
        this.transferEncoding = transferEncoding;
        this.bodyType = bodyType;
    }

    String transferEncoding() {
        return transferEncoding;
    }

    BodyType bodyType() {
        return bodyType;
    }

    ContentClass max(ContentClass other) {
        return compareTo(other) >= 0 ? this : other;
    }

    static ContentClass of(byte[] content) {
        boolean eightBit = false;
        int lineOctets = 0;
        for (int i = 0; i < content.length; i++) {
            byte octet = content[i];
            if (octet == '\r' && i + 1 < content.length && content[i + 1] == '\n') {
                i++;
                lineOctets = 0;
                continue;
            }
            if (octet == '\r' || octet == '\n' || octet == 0 || ++lineOctets > MAX_LINE_OCTETS) {
                return BINARY;
            }
            eightBit |= octet < 0;
        }
        return eightBit ? EIGHT_BIT : SEVEN_BIT;
    }
}
