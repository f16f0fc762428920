package io.mailfleet.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.mailfleet.mime.model.ParsedMessage;

/**
 * Parses a stored RFC 5322 message once into what IMAP, POP3 and SEARCH need without reading it
 * again: envelope, body structure, header index, size and the octet ranges of every section.
 *
 * <p>The input is read once, front to back. Only header fields and a bounded prefix of each line
 * are held; body content is counted, not kept. Bad mail never makes it fail: whatever it meets, it
 * returns a structure (see {@link MimeLimits} for where it stops looking). Octets are measured as
 * given, with no line-end conversion; a bare LF ends a line just as CRLF does.
 *
 * <p>Instances are stateless and can be shared.
 */
public final class MimeParser {

    private final MimeLimits limits;

    public MimeParser() {
        this(MimeLimits.DEFAULTS);
    }

    public MimeParser(MimeLimits limits) {
        this.limits = limits;
    }

    /**
     * Reads the message to its end. The stream is not closed.
     *
     * @throws IOException only when reading the stream fails
     */
    public ParsedMessage parse(InputStream message) throws IOException {
        return new StructureParser(new LineScanner(message), limits).parseMessage();
    }

    /** Parses a message held in memory. */
    public ParsedMessage parse(byte[] message) {
        try {
            return parse(new ByteArrayInputStream(message));
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }
}
