package io.mailfleet.dsn;

/**
 * What of the original message the third part carries.
 *
 * @param content      the octets, copied as stored: the whole message, or its header section
 *                     without the empty line that ends it
 * @param whole        true when content is the whole message
 * @param headerLength the octets of content that are header section
 * @param tooLarge     true when the whole message was asked for but is larger than the limit
 * @param headerCut    true when the header section is larger than its limit and content holds
 *                     only the fields that fit
 */
record ReturnedOriginal(byte[] content, boolean whole, int headerLength, boolean tooLarge, boolean headerCut) {

    /** RFC 6532 header fields carry UTF-8, which the classic report types cannot (RFC 6533 §6). */
    boolean hasNonAsciiHeader() {
        for (int i = 0; i < headerLength; i++) {
            if (content[i] < 0) {
                return true;
            }
        }
        return false;
    }
}
