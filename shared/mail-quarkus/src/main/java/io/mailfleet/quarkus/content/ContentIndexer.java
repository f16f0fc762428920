package io.mailfleet.quarkus.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailfleet.mime.MimeParser;
import io.mailfleet.mime.TextSignature;
import io.mailfleet.mime.imap.ImapRenderer;
import io.mailfleet.mime.model.ParsedMessage;
import io.mailfleet.store.mailbox.MessageContent;

import java.io.IOException;
import java.io.InputStream;

/**
 * Parses a message once into what IMAP and SEARCH read later without opening the body
 * (docs/architecture.md, invariant 5): ENVELOPE and BODYSTRUCTURE as sent on the wire, the decoded
 * header index, the MIME tree with the byte range of every part, from which any section is cut
 * with a ranged read of the blob, the preview text of IMAP PREVIEW and the text SEARCH BODY and TEXT look in, with
 * its trigram signature, which each message row of the content keeps.
 * smtp-ingress does it while it accepts a message, delivery when the content is not stored yet, imap-gateway
 * at APPEND.
 */
public final class ContentIndexer {

    private final MimeParser parser = new MimeParser();
    private final ObjectMapper json = new ObjectMapper();

    public MessageContent index(String blobKey, InputStream message) throws IOException {
        return content(blobKey, parser.parse(message));
    }

    public MessageContent index(String blobKey, byte[] message) {
        return content(blobKey, parser.parse(message));
    }

    private MessageContent content(String blobKey, ParsedMessage parsed) {
        try {
            return new MessageContent(blobKey, parsed.size(), ImapRenderer.envelope(parsed.envelope()),
                    ImapRenderer.bodyStructure(parsed.body()), json.writeValueAsString(parsed.headers()),
                    json.writeValueAsString(parsed.body()), parsed.preview(), parsed.searchText(),
                    parsed.searchText() == null ? null : TextSignature.of(parsed.searchText()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the parsed message model must always serialise", e);
        }
    }
}
