package io.mailfleet.imap.gateway.search;

import io.mailfleet.mime.SearchText;

import java.util.List;
import java.util.Map;

/**
 * BODY and TEXT (RFC 9051 §6.4.4) answered from what the store keeps instead of the message's octets:
 * the message's search text, folded when it was parsed, and its decoded header fields. A string matches
 * where its folded form is a substring of the folded text.
 *
 * <p>Where this differs from matching the octets: the text is decoded (transfer encodings, charsets,
 * encoded words, RFC 2231 file names; HTML as the text a reader sees, without tags and with entities
 * resolved), so a string is found as the reader sees it and not in its encoded form; case is folded for
 * every script, not only ASCII; TEXT looks in the top-level header and the body's text, not in the MIME
 * header fields of body parts other than their file names and enclosed messages' headers; and no match
 * spans two header fields, two parts or a part and a file name.
 */
public final class IndexedText {

    private IndexedText() {
    }

    public static boolean bodyContains(String searchText, String needle) {
        return searchText.contains(SearchText.fold(needle));
    }

    /** The header fields as {@code name: value}, each on its own, then the body's text. */
    public static boolean textContains(Map<String, List<String>> headers, String searchText, String needle) {
        return headerContains(headers, needle) || searchText.contains(SearchText.fold(needle));
    }

    /** The header fields as {@code name: value}, each on its own: what TEXT looks in besides the search text. */
    public static boolean headerContains(Map<String, List<String>> headers, String needle) {
        String folded = SearchText.fold(needle);
        for (Map.Entry<String, List<String>> field : headers.entrySet()) {
            for (String value : field.getValue()) {
                if (SearchText.fold(field.getKey() + ": " + value).contains(folded)) {
                    return true;
                }
            }
        }
        return false;
    }
}
