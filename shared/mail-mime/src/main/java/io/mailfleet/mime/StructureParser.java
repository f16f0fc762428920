package io.mailfleet.mime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mailfleet.mime.PartContent.DefaultType;
import io.mailfleet.mime.field.DateFieldParser;
import io.mailfleet.mime.field.HeaderText;
import io.mailfleet.mime.model.ByteRange;
import io.mailfleet.mime.model.EncapsulatedMessage;
import io.mailfleet.mime.model.Envelope;
import io.mailfleet.mime.model.HeaderIndex;
import io.mailfleet.mime.model.MimePart;
import io.mailfleet.mime.model.ParsedMessage;

/**
 * Walks one message in a single pass, building the part tree with each part's octet ranges.
 *
 * <p>Every body routine returns either at the end of the input or with the delimiter line of an
 * enclosing multipart unread in the scanner; the part that returns computes its end from that
 * line. Per RFC 2046 §5.1.1 the line end before a delimiter belongs to the delimiter, so a body
 * ends before it, whether that line end is CRLF or a bare LF.
 */
final class StructureParser {

    // A delimiter line is at most 74 octets plus transport padding (boundaries have at most 70,
    // RFC 2046 §5.1.1). Body lines keep this much, and a longer line is never taken for one.
    private static final int BODY_LINE_KEEP = 1024;

    private final LineScanner scanner;
    private final BoundaryStack boundaries = new BoundaryStack();
    private final HeaderReader headers;
    private final MimeLimits limits;
    private int parts;
    private boolean truncated;
    /** The part the preview is taken from, once the parser has met it. */
    private PreviewText preview;
    private final SearchText searchText = new SearchText();

    StructureParser(LineScanner scanner, MimeLimits limits) {
        this.scanner = scanner;
        this.limits = limits;
        this.headers = new HeaderReader(scanner, boundaries, limits);
    }

    ParsedMessage parseMessage() throws IOException {
        EntityHeader header = readHeader(HeaderKind.TOP_LEVEL);
        Envelope envelope = EnvelopeReader.read(header.block);
        PartContent content = PartContent.from(header.block, DefaultType.TEXT_PLAIN);
        MimePart body = parseBody(header, content, true, "1", "", 0);
        String date = header.block.value("date");
        if (truncated || headers.truncated()) {
            searchText.cutShort();
        }
        return new ParsedMessage(
                scanner.position(),
                envelope,
                date == null ? null : DateFieldParser.parse(date),
                index(header.block),
                body,
                truncated || headers.truncated(),
                preview == null ? "" : preview.text(),
                searchText.text());
    }

    /** Where a header started, what it held, and where the body after it starts. */
    private record EntityHeader(long start, HeaderBlock block, long bodyStart, long bodyFirstLine) {
    }

    private EntityHeader readHeader(HeaderKind kind) throws IOException {
        long start = scanner.position();
        HeaderBlock block = headers.read(kind);
        return new EntityHeader(start, block, scanner.position(), scanner.lineNumber());
    }

    /**
     * Reads the body after {@code header}.
     *
     * @param messageBody whether this is the body of a message (top-level or enclosed), whose
     *                    multipart has no part number of its own
     * @param number      the part number if it has one
     * @param childPrefix prefix of the part numbers of its children
     */
    private MimePart parseBody(EntityHeader header, PartContent content, boolean messageBody, String number,
            String childPrefix, int depth) throws IOException {
        parts++;
        boolean container = content.multipart() || content.messageRfc822();
        if (container && (depth + 1 >= limits.maxDepth() || parts >= limits.maxParts())) {
            content = content.opaque();
            truncated = true;
        }
        List<MimePart> children = List.of();
        EncapsulatedMessage message = null;
        Base64Size base64 = null;
        if (content.multipart()) {
            searchText.startPart(content);
            children = parseMultipart(content, childPrefix, depth);
        } else if (content.messageRfc822()) {
            searchText.startPart(content);
            message = parseEncapsulated(number, depth);
        } else {
            PreviewText collector = preview == null ? PreviewText.forPart(content) : null;
            preview = preview == null ? collector : preview;
            searchText.startPart(content);
            base64 = content.encoding().equals("base64") ? new Base64Size() : null;
            skipToDelimiter(collector, base64);
            searchText.endPart();
        }
        Line end = scanner.pendingLine();
        long mimeStart = header.start;
        long bodyStart = header.bodyStart;
        long bodyEnd = scanner.position();
        if (end != null) {
            // The line end before a delimiter is the delimiter's, even when the header or body
            // before it is empty: cutting there keeps every part inside its parent.
            bodyEnd = end.start - end.previousLineEndLength;
            bodyStart = Math.min(bodyStart, bodyEnd);
            mimeStart = Math.min(mimeStart, bodyEnd);
        }
        ByteRange body = new ByteRange(bodyStart, bodyEnd);
        long lines = lines(header.bodyFirstLine, end);
        if (content.multipart() && children.isEmpty()) {
            children = List.of(placeholder(body, lines, childPrefix + "1"));
        }
        return new MimePart(
                messageBody && content.multipart() ? null : number,
                content.type(),
                content.subtype(),
                content.parameters(),
                content.id(),
                content.description(),
                content.encoding(),
                content.md5(),
                content.disposition(),
                content.language(),
                content.location(),
                content.fileName(),
                new ByteRange(mimeStart, bodyStart),
                body,
                lines,
                children,
                message,
                base64 == null || base64.decodedSize() < 0 ? null : base64.decodedSize());
    }

    private List<MimePart> parseMultipart(PartContent content, String childPrefix, int depth) throws IOException {
        String boundary = content.boundary();
        if (boundary == null) {
            // Its content is part 1's as text/plain, whose text was not collected: search the body.
            searchText.cutShort();
            skipToDelimiter(null, null);
            return List.of();
        }
        DefaultType childDefault = content.subtype().equals("digest") ? DefaultType.MESSAGE_RFC822 : DefaultType.TEXT_PLAIN;
        int level = boundaries.push(boundary);
        List<MimePart> children = new ArrayList<>();
        boolean closed = false;
        Line line;
        while ((line = scanner.next(BODY_LINE_KEEP)) != null) {
            BoundaryStack.Delimiter delimiter = boundaries.match(line);
            if (delimiter == null) {
                // Preamble, epilogue, or the content of parts left out by the limit.
                continue;
            }
            if (delimiter.level() < level) {
                scanner.unread();
                break;
            }
            if (closed) {
                continue;
            }
            if (delimiter.closing()) {
                closed = true;
            } else if (parts >= limits.maxParts()) {
                truncated = true;
            } else {
                String number = childPrefix + (children.size() + 1);
                EntityHeader header = readHeader(HeaderKind.BODY_PART);
                PartContent childContent = PartContent.from(header.block, childDefault);
                children.add(parseBody(header, childContent, false, number, number + ".", depth + 1));
            }
        }
        boundaries.pop();
        return children;
    }

    private EncapsulatedMessage parseEncapsulated(String number, int depth) throws IOException {
        EntityHeader header = readHeader(HeaderKind.ENCAPSULATED);
        searchText.addHeader(header.block);
        PartContent content = PartContent.from(header.block, DefaultType.TEXT_PLAIN);
        MimePart body = parseBody(header, content, true, number + ".1", number + ".", depth + 1);
        return new EncapsulatedMessage(EnvelopeReader.read(header.block), body);
    }

    /**
     * Reads the body lines up to the next delimiter, giving them to the search text, to the preview's collector if
     * there is one and to the count of a base64 body's decoded size if there is one.
     */
    private void skipToDelimiter(PreviewText collector, Base64Size base64) throws IOException {
        Line line;
        while ((line = scanner.next(BODY_LINE_KEEP)) != null) {
            if (boundaries.match(line) != null) {
                scanner.unread();
                return;
            }
            if (collector != null) {
                collector.add(line);
            }
            if (base64 != null) {
                base64.add(line);
            }
            searchText.add(line);
        }
    }

    // A multipart without any part (no boundary, or never found) still needs one child for a
    // valid BODYSTRUCTURE (RFC 3501: 1*body). It covers the whole multipart body, so the
    // content stays readable as part 1.
    private MimePart placeholder(ByteRange body, long lines, String number) {
        parts++;
        DefaultType text = DefaultType.TEXT_PLAIN;
        return new MimePart(number, text.type, text.subtype, text.parameters, null, null, "7bit", null, null,
                List.of(), null, null, new ByteRange(body.start(), body.start()), body, lines, List.of(), null, null);
    }

    // Lines that start inside the body: a last line without line end counts, and before a
    // delimiter the line whose end was given to the delimiter counts only if it has content.
    private long lines(long bodyFirstLine, Line delimiter) {
        if (delimiter == null) {
            return scanner.lineNumber() - bodyFirstLine;
        }
        if (delimiter.number == bodyFirstLine) {
            return 0;
        }
        return delimiter.number - bodyFirstLine - (delimiter.previousEmpty ? 1 : 0);
    }

    private static HeaderIndex index(HeaderBlock header) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (HeaderBlock.Field field : header.fields()) {
            fields.computeIfAbsent(field.name(), name -> new ArrayList<>())
                    .add(HeaderText.decodeEncodedWords(field.value()));
        }
        return new HeaderIndex(fields, header.indexComplete());
    }
}
