package io.mailfleet.mime;

import java.util.List;

import io.mailfleet.mime.field.HeaderText;
import io.mailfleet.mime.field.MimeFieldParser;
import io.mailfleet.mime.field.ParameterizedValue;
import io.mailfleet.mime.field.Rfc2231;
import io.mailfleet.mime.model.Disposition;
import io.mailfleet.mime.model.Parameter;

/** What a MIME header says about its part's content, defaults applied. */
record PartContent(
        String type,
        String subtype,
        List<Parameter> parameters,
        String id,
        String description,
        String encoding,
        String md5,
        Disposition disposition,
        List<String> language,
        String location,
        String fileName) {

    /** The content type a part has when its header gives none, or none that is valid. */
    enum DefaultType {
        /** RFC 2045 §5.2. */
        TEXT_PLAIN("text", "plain", List.of(new Parameter("charset", "us-ascii"))),
        /** Parts of a multipart/digest, RFC 2046 §5.1.5. */
        MESSAGE_RFC822("message", "rfc822", List.of());

        final String type;
        final String subtype;
        final List<Parameter> parameters;

        DefaultType(String type, String subtype, List<Parameter> parameters) {
            this.type = type;
            this.subtype = subtype;
            this.parameters = parameters;
        }
    }

    // Structured values longer than this are cut before lexing: real ones are far shorter, and
    // mime4j's lexer allocates per token in proportion to what is left of the value.
    private static final int MAX_STRUCTURED_LENGTH = 16 * 1024;

    static PartContent from(HeaderBlock header, DefaultType defaultType) {
        String type = defaultType.type;
        String subtype = defaultType.subtype;
        List<Parameter> parameters = defaultType.parameters;
        String contentType = header.value("content-type");
        if (contentType != null) {
            ParameterizedValue parsed = MimeFieldParser.parseParameterized(structured(contentType));
            int slash = parsed.value().indexOf('/');
            String parsedType = slash < 0 ? "" : HeaderText.trim(parsed.value().substring(0, slash));
            String parsedSubtype = slash < 0 ? "" : HeaderText.trim(parsed.value().substring(slash + 1));
            if (MimeFieldParser.isToken(parsedType) && MimeFieldParser.isToken(parsedSubtype)) {
                type = parsedType;
                subtype = parsedSubtype;
                parameters = parsed.parameters();
            }
        }
        Disposition disposition = disposition(header.value("content-disposition"));
        String fileName = disposition == null ? null : Rfc2231.displayValue(disposition.parameters(), "filename");
        if (fileName == null) {
            fileName = Rfc2231.displayValue(parameters, "name");
        }
        String encoding = header.value("content-transfer-encoding");
        encoding = encoding == null ? "" : MimeFieldParser.parseToken(structured(encoding));
        String language = header.value("content-language");
        return new PartContent(
                type,
                subtype,
                parameters,
                nonEmpty(header.value("content-id")),
                nonEmpty(header.value("content-description")),
                encoding.isEmpty() ? "7bit" : encoding,
                nonEmpty(header.value("content-md5")),
                disposition,
                language == null ? List.of() : MimeFieldParser.parseTokenList(structured(language)),
                nonEmpty(header.value("content-location")),
                fileName);
    }

    boolean multipart() {
        return type.equals("multipart");
    }

    boolean messageRfc822() {
        return type.equals("message") && subtype.equals("rfc822");
    }

    /** The boundary of a multipart, or null when it has none usable. */
    String boundary() {
        for (Parameter parameter : parameters) {
            if (parameter.name().equals("boundary") && !parameter.value().isEmpty()) {
                return parameter.value();
            }
        }
        return null;
    }

    /**
     * This content reported as application/octet-stream: a multipart or message that is not
     * parsed must not claim a type whose BODYSTRUCTURE promises children or an envelope.
     */
    PartContent opaque() {
        return new PartContent("application", "octet-stream", List.of(), id, description, encoding, md5,
                disposition, language, location, fileName);
    }

    private static Disposition disposition(String value) {
        if (value == null) {
            return null;
        }
        ParameterizedValue parsed = MimeFieldParser.parseParameterized(structured(value));
        return MimeFieldParser.isToken(parsed.value()) ? new Disposition(parsed.value(), parsed.parameters()) : null;
    }

    private static String structured(String value) {
        return value.length() <= MAX_STRUCTURED_LENGTH ? value : value.substring(0, MAX_STRUCTURED_LENGTH);
    }

    private static String nonEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
