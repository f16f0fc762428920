package io.mailfleet.imap.gateway.processor;

import io.mailfleet.mime.SearchText;
import io.mailfleet.mime.TextSignature;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.TextRow;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A page of SEARCH's messages and what it reads of them beyond their rows, each read once for the whole
 * page when a message of it first asks: the parsed contents, and the search texts of only those messages
 * whose {@link TextSignature text signature} does not rule out every BODY and TEXT string of the search
 * (all of them that have no signature). A search over many messages thus reads the text of the few that
 * may match, from their rows' signatures, instead of every message's.
 */
final class SearchPage {

    private final List<TextRow> rows;
    private final Map<String, String> folded;
    private final Function<List<String>, Map<String, MessageContent>> readContents;
    private final Function<List<String>, Map<String, String>> readTexts;
    private Map<String, MessageContent> contents;
    private Map<String, String> texts;

    /**
     * @param folded the search's BODY and TEXT strings, each to its {@link SearchText#fold folded} form
     * @param readContents the parsed contents of blobs, by blob key
     * @param readTexts the search texts of blobs, by blob key; a blob without one is left out
     */
    SearchPage(List<TextRow> rows, Map<String, String> folded, Function<List<String>, Map<String, MessageContent>> readContents,
               Function<List<String>, Map<String, String>> readTexts) {
        this.rows = rows;
        this.folded = folded;
        this.readContents = readContents;
        this.readTexts = readTexts;
    }

    /** Whether the message of {@code row} may contain {@code needle} (one of the search's strings): false when its signature rules it out. */
    boolean mayContain(TextRow row, String needle) {
        return row.textSignature() == null || TextSignature.mayContain(row.textSignature(), folded.get(needle));
    }

    /** The parsed content of a blob, if it has one. */
    Optional<MessageContent> content(String blobKey) {
        if (contents == null) {
            contents = readContents.apply(rows.stream().map(TextRow::blobKey).distinct().toList());
        }
        return Optional.ofNullable(contents.get(blobKey));
    }

    /** The folded search text of a blob whose row may contain one of the search's strings, or null when it has none. */
    String text(String blobKey) {
        if (texts == null) {
            texts = readTexts.apply(rows.stream().filter(row -> folded.keySet().stream().anyMatch(needle -> mayContain(row, needle)))
                    .map(TextRow::blobKey).distinct().toList());
        }
        return texts.get(blobKey);
    }
}
