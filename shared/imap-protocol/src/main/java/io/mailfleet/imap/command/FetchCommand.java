package io.mailfleet.imap.command;

import io.mailfleet.imap.command.FetchAttribute.Binary;
import io.mailfleet.imap.command.FetchAttribute.BinarySize;
import io.mailfleet.imap.command.FetchAttribute.BodySection;
import io.mailfleet.imap.command.FetchAttribute.Partial;
import io.mailfleet.imap.command.FetchAttribute.Preview;
import io.mailfleet.imap.command.FetchAttribute.Section;
import io.mailfleet.imap.command.FetchAttribute.SectionText;
import io.mailfleet.imap.command.FetchAttribute.Simple;
import io.mailfleet.imap.wire.Arguments;
import io.mailfleet.imap.wire.Chars;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code fetch = ["UID" SP] "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att /
 * "(" fetch-att *(SP fetch-att) ")") [fetch-modifiers]} (RFC 9051 §6.4.5), with the CHANGEDSINCE and
 * VANISHED modifiers (RFC 7162 §3.1.4, §3.2.6). The macros are expanded; UID FETCH's implied UID item is
 * the session's to add.
 */
public record FetchCommand(String tag, CommandKind kind, SequenceSet messages, List<FetchAttribute> attributes,
        OptionalLong changedSince, boolean vanished) implements ImapCommand {

    private static final List<FetchAttribute> FAST = List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE);
    private static final List<FetchAttribute> ALL =
            List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE, Simple.ENVELOPE);
    private static final List<FetchAttribute> FULL =
            List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE, Simple.ENVELOPE, Simple.BODY);

    public FetchCommand {
        attributes = List.copyOf(attributes);
    }

    static FetchCommand parse(String tag, CommandKind kind, Arguments arguments) {
        arguments.space();
        SequenceSet messages = SequenceSet.parse(arguments);
        arguments.space();
        List<FetchAttribute> attributes = new ArrayList<>();
        if (arguments.tryKeyword("ALL")) {
            attributes.addAll(ALL);
        } else if (arguments.tryKeyword("FAST")) {
            attributes.addAll(FAST);
        } else if (arguments.tryKeyword("FULL")) {
            attributes.addAll(FULL);
        } else if (arguments.tryChar('(')) {
            do {
                attributes.add(attribute(arguments));
            } while (arguments.tryChar(' '));
            arguments.expect(')');
        } else {
            attributes.add(attribute(arguments));
        }
        OptionalLong changedSince = OptionalLong.empty();
        boolean vanished = false;
        if (arguments.tryChar(' ')) {
            arguments.expect('(');
            do {
                if (changedSince.isEmpty() && arguments.tryKeyword("CHANGEDSINCE")) {
                    arguments.space();
                    changedSince = OptionalLong.of(SelectCommand.modSequenceValue(arguments));
                } else if (!vanished && arguments.tryKeyword("VANISHED")) {
                    vanished = true;
                } else {
                    throw arguments.error("unknown FETCH modifier");
                }
            } while (arguments.tryChar(' '));
            arguments.expect(')');
        }
        // RFC 7162 §3.2.6: VANISHED only in UID FETCH, and only with CHANGEDSINCE.
        if (vanished && (kind != CommandKind.UID_FETCH || changedSince.isEmpty())) {
            throw arguments.error("VANISHED needs UID FETCH and CHANGEDSINCE");
        }
        arguments.end();
        return new FetchCommand(tag, kind, messages, attributes, changedSince, vanished);
    }

    private static FetchAttribute attribute(Arguments arguments) {
        String name = arguments.readWhile(c -> c < 0x80 && (Character.isLetterOrDigit(c) || c == '.'))
                .toUpperCase(Locale.ROOT);
        switch (name) {
            case "BODY", "BODY.PEEK" -> {
                boolean peek = name.equals("BODY.PEEK");
                if (!arguments.peekIs('[')) {
                    if (peek) {
                        throw arguments.error("BODY.PEEK needs a section");
                    }
                    return Simple.BODY;
                }
                return new BodySection(peek, section(arguments), partial(arguments));
            }
            case "BINARY", "BINARY.PEEK" -> {
                List<Integer> part = binarySection(arguments);
                return new Binary(name.equals("BINARY.PEEK"), part, partial(arguments));
            }
            case "BINARY.SIZE" -> {
                return new BinarySize(binarySection(arguments));
            }
            case "PREVIEW" -> {
                // RFC 8970 §3.1: "PREVIEW" [SP "(" preview-mod *(SP preview-mod) ")"], LAZY the one modifier.
                boolean lazy = arguments.lookingAt(" (LAZY)");
                if (lazy) {
                    arguments.space();
                    arguments.expect('(');
                    arguments.keyword("LAZY");
                    arguments.expect(')');
                }
                return new Preview(lazy);
            }
            default -> {
                for (Simple simple : Simple.values()) {
                    if (simple.wireName().equals(name)) {
                        return simple;
                    }
                }
                throw arguments.error("unknown FETCH item");
            }
        }
    }

    /**
     * {@code section = "[" [section-spec] "]"},
     * {@code section-spec = section-msgtext / (section-part ["." section-text])}.
     */
    private static Section section(Arguments arguments) {
        arguments.expect('[');
        List<Integer> part = new ArrayList<>();
        SectionText text = SectionText.WHOLE;
        List<String> fields = new ArrayList<>();
        if (!arguments.tryChar(']')) {
            if (Chars.isDigit(arguments.peek())) {
                part = partNumbers(arguments);
            }
            if (part.isEmpty() || arguments.tryChar('.')) {
                String name = arguments.readWhile(c -> c < 0x80 && (Character.isLetter(c) || c == '.'))
                        .toUpperCase(Locale.ROOT);
                text = switch (name) {
                    case "HEADER" -> SectionText.HEADER;
                    case "HEADER.FIELDS" -> SectionText.HEADER_FIELDS;
                    case "HEADER.FIELDS.NOT" -> SectionText.HEADER_FIELDS_NOT;
                    case "TEXT" -> SectionText.TEXT;
                    case "MIME" -> {
                        if (part.isEmpty()) {
                            throw arguments.error("MIME needs a part number");
                        }
                        yield SectionText.MIME;
                    }
                    default -> throw arguments.error("unknown section");
                };
                if (text == SectionText.HEADER_FIELDS || text == SectionText.HEADER_FIELDS_NOT) {
                    arguments.space();
                    arguments.expect('(');
                    do {
                        fields.add(arguments.astring());
                    } while (arguments.tryChar(' '));
                    arguments.expect(')');
                }
            }
            arguments.expect(']');
        }
        return new Section(part, text, fields);
    }

    /** {@code section-binary = "[" [section-part] "]"}. */
    private static List<Integer> binarySection(Arguments arguments) {
        arguments.expect('[');
        List<Integer> part = Chars.isDigit(arguments.peek()) ? partNumbers(arguments) : List.of();
        arguments.expect(']');
        return part;
    }

    /** {@code section-part = nz-number *("." nz-number)}, stopping before a "." that starts a section-text. */
    private static List<Integer> partNumbers(Arguments arguments) {
        List<Integer> part = new ArrayList<>();
        do {
            long number = arguments.nzNumber();
            if (number > Integer.MAX_VALUE) {
                throw arguments.error("part number too large");
            }
            part.add((int) number);
        } while (nextIsPartNumber(arguments));
        return part;
    }

    private static boolean nextIsPartNumber(Arguments arguments) {
        return arguments.peekIs('.') && Chars.isDigit(arguments.peekAt(1)) && arguments.tryChar('.');
    }

    /** {@code [partial]}: {@code "<" number64 "." nz-number64 ">"}. */
    private static Optional<Partial> partial(Arguments arguments) {
        if (!arguments.tryChar('<')) {
            return Optional.empty();
        }
        long offset = arguments.number64();
        arguments.expect('.');
        long length = arguments.number64();
        if (length == 0) {
            throw arguments.error("a partial length is not zero");
        }
        arguments.expect('>');
        return Optional.of(new Partial(offset, length));
    }
}
