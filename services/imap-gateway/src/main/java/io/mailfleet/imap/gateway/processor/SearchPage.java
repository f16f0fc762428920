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
 * may match, from their rows' signatures, instead of every message's. A search whose every message is tested for
 * text reads a page's texts ahead, with its rows ({@link #textKeys}), and hands them to the page.
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
     * @param textsRead the texts of {@link #textKeys} of these rows (or more) read ahead, or null to read them when first asked
     */
    SearchPage(List<TextRow> rows, Map<String, String> folded, Function<List<String>, Map<String, MessageContent>> readContents,
               Function<List<String>, Map<String, String>> readTexts, Map<String, String> textsRead) {
        this.rows = rows;
        this.folded = folded;
        this.readContents = readContents;
        this.readTexts = readTexts;
        this.texts = textsRead;
    }

    /** Whether the message of {@code row} may contain {@code needle} (one of the search's strings): false when its signature rules it out. */
    boolean mayContain(TextRow row, String needle) {
        return mayContainFolded(row, folded.get(needle));
    }

    private static boolean mayContainFolded(TextRow row, String foldedNeedle) {
        return row.textSignature() == null || TextSignature.mayContain(row.textSignature(), foldedNeedle);
    }

    /** The blobs of {@code rows} whose texts a search for the {@code folded} strings reads: those a signature does not rule out for every string. */
    static List<String> textKeys(List<TextRow> rows, Map<String, String> folded) {
        return rows.stream().filter(row -> folded.values().stream().anyMatch(needle -> mayContainFolded(row, needle)))
                .map(TextRow::blobKey).distinct().toList();
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
            texts = readTexts.apply(textKeys(rows, folded));
        }
        return texts.get(blobKey);
    }
}
