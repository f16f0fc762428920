package io.mailfleet.mime.model;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the mail store keeps about a message so that metadata reads never open the body.
 *
 * @param size      the exact size of the message in octets
 * @param sentDate  the Date header parsed, or null when absent or unreadable
 * @param headers   top-level header fields for SEARCH
 * @param body      the body of the message; its {@code mime} range is the message header and its
 *                  {@code body} range the message text
 * @param truncated true when a limit was reached and part of the message was treated as opaque
 * @param preview   the preview text of RFC 8970: at most 256 characters of the first text part that is
 *                  not an attachment, as a reader sees them; "" when the message has no such part
 * @param searchText the text SEARCH BODY looks in, folded (see {@code SearchText}); null when the message
 *                   is past its bounds and must be searched in its body
 */
public record ParsedMessage(
        long size,
        Envelope envelope,
        HeaderDate sentDate,
        HeaderIndex headers,
        MimePart body,
        boolean truncated,
        String preview,
        String searchText) {

    public ParsedMessage {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(preview, "preview");
    }

    /** {@code BODY[HEADER]}: the header including the blank line that ends it. */
    public ByteRange headerRange() {
        return body.mime();
    }

    /** {@code BODY[TEXT]}. */
    public ByteRange textRange() {
        return body.body();
    }

    /** The part with this IMAP part number ({@code 1}, {@code 2.1.3}), if the message has it. */
    public Optional<MimePart> part(String partNumber) {
        int[] path = parsePartNumber(partNumber);
        if (path == null) {
            return Optional.empty();
        }
        List<MimePart> level = numberedParts(body);
        for (int i = 0; ; i++) {
            if (path[i] > level.size()) {
                return Optional.empty();
            }
            MimePart found = level.get(path[i] - 1);
            if (i == path.length - 1) {
                return Optional.of(found);
            }
            if (found.message() != null) {
                level = numberedParts(found.message().body());
            } else if (found.multipart()) {
                level = found.children();
            } else {
                return Optional.empty();
            }
        }
    }

    /** The octet ranges of the sections of this part number, if the message has it. */
    public Optional<Section> section(String partNumber) {
        return part(partNumber).map(part -> Section.of(partNumber, part));
    }

    /**
     * The octets of a section specifier without HEADER.FIELDS (RFC 3501 §6.4.5): the empty string
     * for the whole message, {@code HEADER}, {@code TEXT}, {@code n}, {@code n.MIME}, and for a
     * message/rfc822 part {@code n.HEADER} and {@code n.TEXT}. Empty when the message has no such
     * section.
     */
    public Optional<ByteRange> sectionRange(String sectionSpec) {
        String spec = sectionSpec.toUpperCase(Locale.ROOT);
        if (spec.isEmpty()) {
            return Optional.of(new ByteRange(0, size));
        }
        if (spec.equals("HEADER")) {
            return Optional.of(headerRange());
        }
        if (spec.equals("TEXT")) {
            return Optional.of(textRange());
        }
        int dot = spec.lastIndexOf('.');
        String suffix = dot < 0 ? "" : spec.substring(dot + 1);
        if (!suffix.equals("MIME") && !suffix.equals("HEADER") && !suffix.equals("TEXT")) {
            return section(spec).map(Section::body);
        }
        return section(spec.substring(0, dot)).map(section -> switch (suffix) {
            case "MIME" -> section.mime();
            case "HEADER" -> section.header();
            default -> section.text();
        });
    }

    // A message's parts are its multipart's children, or its single body as part 1 (RFC 3501 §6.4.5).
    private static List<MimePart> numberedParts(MimePart messageBody) {
        return messageBody.multipart() ? messageBody.children() : List.of(messageBody);
    }

    // nz-number *("." nz-number); null when malformed.
    private static int[] parsePartNumber(String partNumber) {
        if (partNumber == null || partNumber.isEmpty()) {
            return null;
        }
        String[] tokens = partNumber.split("\\.", -1);
        int[] path = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (token.isEmpty() || token.length() > 9 || token.charAt(0) == '0') {
                return null;
            }
            for (int c = 0; c < token.length(); c++) {
                if (token.charAt(c) < '0' || token.charAt(c) > '9') {
                    return null;
                }
            }
            path[i] = Integer.parseInt(token);
        }
        return path;
    }
}
