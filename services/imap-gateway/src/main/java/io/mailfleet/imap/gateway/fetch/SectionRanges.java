package io.mailfleet.imap.gateway.fetch;

import io.mailfleet.imap.command.FetchAttribute;
import io.mailfleet.imap.command.FetchAttribute.SectionText;
import io.mailfleet.mime.model.ByteRange;
import io.mailfleet.mime.model.MimePart;

import java.util.List;
import java.util.Optional;

/**
 * Where a body section (RFC 9051 §6.4.5) lies in the stored message, from the part offsets parsed at
 * delivery: a section is one octet range of the blob, read with one ranged GET, or for
 * {@code HEADER.FIELDS} the header range to filter.
 */
public final class SectionRanges {

    /** What to send for a section. */
    public sealed interface Target {
        /** These octets of the blob. */
        record Range(ByteRange range) implements Target {
        }

        /** The fields of this header range named (or, with {@code not}, not named) in {@code names}. */
        record Fields(ByteRange header, List<String> names, boolean not) implements Target {
        }

        /** The message has no such part: the section is empty. */
        record Missing() implements Target {
        }
    }

    private SectionRanges() {
    }

    /**
     * @param body the message's body as parsed: its {@code mime} range is the message header, its
     *     {@code body} range the text
     * @param size the message's size in octets
     */
    public static Target resolve(MimePart body, long size, FetchAttribute.Section section) {
        MimePart message = body;
        if (!section.part().isEmpty()) {
            Optional<MimePart> part = resolvePart(body, section.part());
            if (part.isEmpty()) {
                return new Target.Missing();
            }
            MimePart found = part.get();
            switch (section.text()) {
                case WHOLE -> {
                    return new Target.Range(found.body());
                }
                case MIME -> {
                    return new Target.Range(found.mime());
                }
                default -> {
                    // HEADER, TEXT and HEADER.FIELDS after a part number name an enclosed message's.
                    if (found.message() == null) {
                        return new Target.Missing();
                    }
                    message = found.message().body();
                }
            }
        }
        SectionText text = section.text();
        return switch (text) {
            case WHOLE -> new Target.Range(new ByteRange(0, size));
            case HEADER -> new Target.Range(message.mime());
            case TEXT -> new Target.Range(message.body());
            case HEADER_FIELDS, HEADER_FIELDS_NOT ->
                    new Target.Fields(message.mime(), section.fields(), text == SectionText.HEADER_FIELDS_NOT);
            case MIME -> new Target.Missing();
        };
    }

    /** The part a path of part numbers names (RFC 9051 §6.4.5), if the message has it. */
    public static Optional<MimePart> resolvePart(MimePart body, List<Integer> path) {
        List<MimePart> level = numbered(body);
        MimePart found = null;
        for (int i = 0; i < path.size(); i++) {
            if (i > 0) {
                if (found.message() != null) {
                    level = numbered(found.message().body());
                } else if (found.multipart()) {
                    level = found.children();
                } else {
                    return Optional.empty();
                }
            }
            int number = path.get(i);
            if (number < 1 || number > level.size()) {
                return Optional.empty();
            }
            found = level.get(number - 1);
        }
        return Optional.ofNullable(found);
    }

    /** A message's parts are its multipart's children, or its one body as part 1. */
    private static List<MimePart> numbered(MimePart messageBody) {
        return messageBody.multipart() ? messageBody.children() : List.of(messageBody);
    }

    /** The octets {@code <origin.length>} leaves of a section of {@code total} octets: [first, end) within it. */
    public static long[] partial(long total, Optional<FetchAttribute.Partial> partial) {
        if (partial.isEmpty()) {
            return new long[] {0, total};
        }
        long first = Math.min(partial.get().offset(), total);
        long end = first + Math.min(partial.get().length(), total - first);
        return new long[] {first, end};
    }
}
