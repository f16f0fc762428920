package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.SearchCommand;
import io.mailfleet.imap.command.SearchKey;
import io.mailfleet.imap.command.SearchReturn;
import io.mailfleet.imap.gateway.fetch.StoredStructure;
import io.mailfleet.imap.gateway.search.Candidate;
import io.mailfleet.imap.gateway.search.IndexedText;
import io.mailfleet.imap.gateway.search.KeyNeeds;
import io.mailfleet.imap.gateway.search.SearchEvaluator;
import io.mailfleet.imap.gateway.search.StreamSearch;
import io.mailfleet.imap.response.NumberSet;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.response.Response;
import io.mailfleet.imap.response.SearchData;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.mime.field.DateFieldParser;
import io.mailfleet.mime.model.HeaderDate;
import io.mailfleet.mime.model.ByteRange;
import io.mailfleet.mime.SearchText;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.StoredMessage;
import io.mailfleet.store.mailbox.TextRow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * SEARCH and UID SEARCH (RFC 9051 §6.4.4) with ESEARCH (RFC 4731) and SEARCHRES (RFC 5182): every key
 * is evaluated over the mailbox's message rows, read from Cassandra in pages, several at once, and the parsed contents of
 * a page only when the key tests header fields (or a message's text must come from its body). BODY and
 * TEXT look in the search texts stored with the messages' content ({@link IndexedText}), read for a page
 * at once, and only of the messages whose rows' text signatures do not rule the strings out
 * ({@link SearchPage}). Only a message without a search text (past the parser's bounds for it, or stored
 * before search texts were) is read from S3, its octets as stored.
 */
final class SearchProcessor {

    private static final int PAGE = 500;
    /** Spans of the mailbox whose rows are read at once. */
    private static final int READ_AHEAD = 4;
    private static final Set<String> CHARSETS = Set.of("US-ASCII", "UTF-8");

    private SearchProcessor() {
    }

    static Answer.Completed search(Request request) {
        SearchCommand command = (SearchCommand) request.command();
        boolean saves = command.returns().filter(returns -> returns.contains(SearchReturn.SAVE)).isPresent();
        if (command.charset().isPresent() && !CHARSETS.contains(command.charset().get())) {
            if (saves) {
                // RFC 5182: a saving search that fails leaves $ empty.
                request.selected().view().saveSearchResult(new long[0]);
            }
            return Completions.no(new ResponseCode.BadCharset(List.of("US-ASCII", "UTF-8")), "Unknown charset");
        }
        Selected selected = request.selected();
        List<Found> found = matching(request, selected, command.key());
        long[] matches = found.stream().mapToLong(Found::uid).toArray();
        boolean byUid = command.kind().isUid();
        long[] numbers = byUid ? matches
                : java.util.Arrays.stream(matches).map(uid -> selected.view().messages().msn(uid)).toArray();
        List<Response> out = new ArrayList<>();
        if (command.returns().isPresent()) {
            Set<SearchReturn> returns = command.returns().get().isEmpty() ? Set.of(SearchReturn.ALL) : command.returns().get();
            if (saves) {
                selected.view().saveSearchResult(saved(returns, found));
            }
            boolean any = numbers.length > 0;
            // RFC 9051 §6.4.4: SAVE alone suppresses the ESEARCH response.
            if (!returns.equals(Set.of(SearchReturn.SAVE))) {
                out.add(new SearchData.Extended(request.command().tag(), byUid,
                        returns.contains(SearchReturn.MIN) && any ? OptionalLong.of(numbers[0]) : OptionalLong.empty(),
                        returns.contains(SearchReturn.MAX) && any ? OptionalLong.of(numbers[numbers.length - 1]) : OptionalLong.empty(),
                        returns.contains(SearchReturn.ALL) && any ? NumberSet.of(numbers) : null,
                        returns.contains(SearchReturn.COUNT) ? OptionalLong.of(numbers.length) : OptionalLong.empty(),
                        highestModSeq(command.key(), named(returns, found))));
            }
        } else {
            out.add(new SearchData.Numbers(false, java.util.Arrays.stream(numbers).boxed().toList(),
                    highestModSeq(command.key(), found)));
        }
        return Completions.ok(out, command.kind().wireName() + " completed");
    }

    /** What $ keeps (RFC 9051 §6.4.4, RFC 5182): with MIN or MAX and neither ALL nor COUNT, only those messages; else all. */
    private static long[] saved(Set<SearchReturn> returns, List<Found> found) {
        boolean minOrMaxOnly = (returns.contains(SearchReturn.MIN) || returns.contains(SearchReturn.MAX))
                && !returns.contains(SearchReturn.ALL) && !returns.contains(SearchReturn.COUNT);
        return (minOrMaxOnly ? named(returns, found) : found).stream().mapToLong(Found::uid).toArray();
    }

    /** RFC 7162 §3.1.5: the messages whose MODSEQ ESEARCH reports: all for ALL and COUNT, else MIN's and MAX's. */
    private static List<Found> named(Set<SearchReturn> returns, List<Found> found) {
        if (returns.contains(SearchReturn.ALL) || returns.contains(SearchReturn.COUNT) || found.isEmpty()) {
            return found;
        }
        List<Found> named = new ArrayList<>(2);
        if (returns.contains(SearchReturn.MIN)) {
            named.add(found.get(0));
        }
        if (returns.contains(SearchReturn.MAX)) {
            named.add(found.get(found.size() - 1));
        }
        return named;
    }

    /** With a MODSEQ criterion, the highest MODSEQ of {@code messages}; empty without one or without messages. */
    private static OptionalLong highestModSeq(SearchKey key, List<Found> messages) {
        if (!key.usesModSeq() || messages.isEmpty()) {
            return OptionalLong.empty();
        }
        return messages.stream().mapToLong(Found::modSeq).max();
    }

    /** The UIDs of the session's view that match, ascending. */
    static long[] matchingUids(Request request, Selected selected, SearchKey key) {
        return matching(request, selected, key).stream().mapToLong(Found::uid).toArray();
    }

    /** A message that matched: its UID, and its MODSEQ when its whole row was read (0 when the key tests no MODSEQ). */
    private record Found(long uid, long modSeq) {
    }

    /** A row as SEARCH tests it: its text facts, and the whole row when the key tests more of it, else null. */
    private record Scanned(TextRow text, StoredMessage message) {
    }

    /** The rows of a span, and the texts of its messages when read ahead with them (null when they are not). */
    private record Span(List<Scanned> rows, Map<String, String> texts) {
    }

    /**
     * The messages of the session's view that match, in UID order. The rows are read whole only for a key that tests
     * their flags, dates, MODSEQ or Message-ID ({@link KeyNeeds#wholeRows}); a body search reads their UIDs, blob keys,
     * sizes and text signatures alone.
     */
    private static List<Found> matching(Request request, Selected selected, SearchKey key) {
        var view = selected.view().messages();
        SearchEvaluator evaluator = new SearchEvaluator(view.size(), view.lastUid(), selected.view().savedSearchResult(),
                Instant.now());
        Map<String, String> folded = new HashMap<>();
        KeyNeeds.textStrings(key).forEach(needle -> folded.put(needle, SearchText.fold(needle)));
        boolean readsContent = KeyNeeds.parsedContent(key);
        boolean wholeRows = KeyNeeds.wholeRows(key);
        boolean textsAhead = !folded.isEmpty() && KeyNeeds.textOfEveryMessage(key);
        var store = request.session().backends().store();
        var mailbox = selected.mailbox().id();
        List<Found> matches = new ArrayList<>();
        // The view's messages in spans of a page each, READ_AHEAD spans read at once: one span is tested while the
        // next ones' rows are on their way, instead of each page waiting for the last. When every message is tested
        // for text, a span's texts are asked for as soon as its rows come, so that they too are read while the
        // spans before are tested, rather than one span's after another's.
        int spans = (view.size() + PAGE - 1) / PAGE;
        ArrayDeque<CompletableFuture<Span>> reads = new ArrayDeque<>();
        int requested = 0;
        for (int span = 0; span < spans; span++) {
            for (; requested < spans && requested < span + READ_AHEAD; requested++) {
                int first = requested * PAGE + 1;
                Uid from = Uid.of(view.uid(first));
                Uid to = Uid.of(view.uid(Math.min(view.size(), first + PAGE - 1)));
                CompletableFuture<List<Scanned>> rows = wholeRows
                        ? store.messages().searchRowsAsync(mailbox, from, to).thenApply(read -> read.stream()
                                .map(row -> new Scanned(TextRow.of(row), row.message())).toList())
                        : store.messages().textRowsAsync(mailbox, from, to).thenApply(read -> read.stream()
                                .map(row -> new Scanned(row, null)).toList());
                reads.add(textsAhead
                        ? rows.thenCompose(read -> store.contents()
                                .searchTextsAsync(SearchPage.textKeys(read.stream().map(Scanned::text).toList(), folded))
                                .thenApply(texts -> new Span(read, texts)))
                        : rows.thenApply(read -> new Span(read, null)));
            }
            // Only the messages of the session's view are tested, and only theirs are read further.
            Span read = reads.removeFirst().join();
            List<Scanned> rows = new ArrayList<>(read.rows().size());
            int[] msns = new int[read.rows().size()];
            for (Scanned row : read.rows()) {
                int msn = view.msn(row.text().uid().value());
                if (msn > 0) {
                    msns[rows.size()] = msn;
                    rows.add(row);
                }
            }
            SearchPage page = new SearchPage(rows.stream().map(Scanned::text).toList(), folded, store.contents()::findAll,
                    store.contents()::searchTexts, read.texts());
            for (int i = 0; i < rows.size(); i++) {
                Scanned row = rows.get(i);
                if (evaluator.matches(key, candidate(request, row, msns[i], page, readsContent))) {
                    matches.add(new Found(row.text().uid().value(), row.message() == null ? 0 : row.message().modSeq().value()));
                }
            }
        }
        return matches;
    }

    /** The candidate of a row; without the whole row its flags, dates, MODSEQ and Message-ID are null or 0, which its key does not test. */
    private static Candidate candidate(Request request, Scanned scanned, int msn, SearchPage page, boolean readsContent) {
        TextRow row = scanned.text();
        StoredMessage message = scanned.message();
        String blobKey = row.blobKey();
        // Header fields and the sent date are parsed only for a key that tests them.
        Map<String, List<String>> headers = readsContent ? page.content(blobKey).map(MessageContent::headerIndex)
                .map(StoredStructure::headerFields).orElse(Map.of()) : Map.of();
        Supplier<OffsetDateTime> sent = () -> {
            List<String> dates = headers.getOrDefault("date", List.of());
            HeaderDate parsed = dates.isEmpty() ? null : DateFieldParser.parse(dates.get(0));
            return parsed == null ? null : parsed.toOffsetDateTime();
        };
        Predicate<String> text = needle -> {
            boolean wholeHeader = page.content(blobKey)
                    .map(content -> StoredStructure.headerComplete(content.headerIndex())).orElse(false);
            if (wholeHeader && !page.mayContain(row, needle)) {
                return IndexedText.headerContains(headers, needle);
            }
            String indexed = wholeHeader ? page.text(blobKey) : null;
            return indexed != null ? IndexedText.textContains(headers, indexed, needle)
                    : contains(request, blobKey, 0, row.size(), needle);
        };
        Predicate<String> body = needle -> {
            if (!page.mayContain(row, needle)) {
                return false;
            }
            String indexed = page.text(blobKey);
            if (indexed != null) {
                return IndexedText.bodyContains(indexed, needle);
            }
            ByteRange range = page.content(blobKey).map(content -> StoredStructure.parts(content.sections()).body())
                    .orElse(new ByteRange(0, row.size()));
            return contains(request, blobKey, range.start(), range.length(), needle);
        };
        return message == null
                ? new Candidate(row.uid().value(), msn, null, row.size(), null, null, 0, null, headers, sent, text, body)
                : new Candidate(row.uid().value(), msn, message.flags(), row.size(), message.internalDate(), message.saveDate(),
                        message.modSeq().value(), message.messageId().toString(), headers, sent, text, body);
    }

    /** Streams the range from S3 through the scan: the octets as stored, transfer encodings not undone. */
    private static boolean contains(Request request, String blobKey, long offset, long length, String needle) {
        try (InputStream in = request.session().backends().blobs().get(new BlobKey(blobKey), offset, length)) {
            return StreamSearch.contains(in, needle);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
