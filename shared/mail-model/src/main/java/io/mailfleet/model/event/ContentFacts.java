package io.mailfleet.model.event;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a message row keeps of its body's parsed content, carried in {@link MailAccepted} by smtp-ingress when it
 * stored that content ({@code message_content}) before it published the event: delivery writes the rows from these
 * facts and reads no content back (docs/architecture.md, "Storage"). The content row stays for IMAP and SEARCH.
 *
 * @param sortHeaders   the first value of each header field the row's sort keys and threading facts come from
 *                      ({@link #SORT_FIELDS}), decoded, by lowercased name; a field the message lacks is absent
 * @param textSignature the search text's trigram signature in base64; empty for a message without a search text
 */
public record ContentFacts(Map<String, String> sortHeaders, String textSignature) {

    /** The fields SORT and THREAD key on (RFC 5256, RFC 5957): their first values are all a row's keys need. */
    public static final Set<String> SORT_FIELDS = Set.of("date", "subject", "from", "to", "cc", "message-id", "references", "in-reply-to");

    /**
     * Header fields longer than this together are left out of the event, which then carries no facts and delivery
     * reads the stored content: a 1 MiB References field must not make an event Kafka refuses.
     */
    public static final int MAX_SORT_HEADER_CHARS = 4096;

    public ContentFacts {
        sortHeaders = Map.copyOf(Objects.requireNonNull(sortHeaders, "sortHeaders"));
        Objects.requireNonNull(textSignature, "textSignature");
        int chars = 0;
        for (Map.Entry<String, String> field : sortHeaders.entrySet()) {
            if (!SORT_FIELDS.contains(field.getKey())) {
                throw new IllegalArgumentException("not a sort header field: " + field.getKey());
            }
            chars += field.getValue().length();
        }
        if (chars > MAX_SORT_HEADER_CHARS) {
            throw new IllegalArgumentException("sort header fields of " + chars + " characters, more than "
                    + MAX_SORT_HEADER_CHARS);
        }
        // Rejects what is not base64 here rather than in the delivery that decodes it.
        Base64.getDecoder().decode(textSignature);
    }

    /**
     * The facts of a parsed message whose decoded header fields, by lowercased name, are {@code headerFields} and
     * whose search text's signature is {@code signature} (null without a search text); none when its sort header
     * fields are longer than {@link #MAX_SORT_HEADER_CHARS} together.
     */
    public static Optional<ContentFacts> of(Map<String, List<String>> headerFields, byte[] signature) {
        Map<String, String> sortHeaders = new HashMap<>();
        int chars = 0;
        for (String field : SORT_FIELDS) {
            List<String> values = headerFields.getOrDefault(field, List.of());
            if (!values.isEmpty()) {
                sortHeaders.put(field, values.get(0));
                chars += values.get(0).length();
            }
        }
        if (chars > MAX_SORT_HEADER_CHARS) {
            return Optional.empty();
        }
        return Optional.of(new ContentFacts(sortHeaders,
                signature == null ? "" : Base64.getEncoder().encodeToString(signature)));
    }

    /** The signature's octets; none for a message without a search text. */
    public byte[] signatureBytes() {
        return Base64.getDecoder().decode(textSignature);
    }
}
