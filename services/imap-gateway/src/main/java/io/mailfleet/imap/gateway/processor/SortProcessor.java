package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.SearchKey;
import io.mailfleet.imap.command.SearchReturn;
import io.mailfleet.imap.command.SortCommand;
import io.mailfleet.imap.gateway.search.SortKeys;
import io.mailfleet.imap.response.NumberSet;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.response.Response;
import io.mailfleet.imap.response.SearchData;
import io.mailfleet.imap.selected.MessageMap;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.quarkus.content.SortFieldsOf;
import io.mailfleet.store.mailbox.DateFacts;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.SortFacts;
import io.mailfleet.store.mailbox.SortFields;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * SORT and UID SORT (RFC 5256 §3) with ESORT (RFC 5267): the messages SEARCH matches, ordered by the
 * criteria over the facts Cassandra holds (size, internal date and the sort keys kept in each message's row), ties
 * by message number.
 */
final class SortProcessor {

    private SortProcessor() {
    }

    static Answer.Completed sort(Request request) {
        SortCommand command = (SortCommand) request.command();
        if (!Set.of("US-ASCII", "UTF-8").contains(command.charset())) {
            return Completions.no(new ResponseCode.BadCharset(List.of("US-ASCII", "UTF-8")), "Unknown charset");
        }
        Selected selected = request.selected();
        long[] uids = matchingUids(request, selected, command.key());
        List<SortKeys.Facts> dated = SortKeys.byDatesAndSize(command.criteria()) ? datedFacts(request, selected, uids) : null;
        List<SortKeys.Facts> sorted = new ArrayList<>(dated != null ? dated : facts(request, selected, uids));
        sorted.sort(SortKeys.comparator(command.criteria()));
        boolean byUid = command.kind().isUid();
        long[] numbers = sorted.stream().mapToLong(each -> byUid ? each.uid() : each.msn()).toArray();
        List<Response> out = new ArrayList<>();
        if (command.returns().isPresent()) {
            Set<SearchReturn> returns = command.returns().get().isEmpty() ? Set.of(SearchReturn.ALL) : command.returns().get();
            boolean any = numbers.length > 0;
            out.add(new SearchData.Extended(command.tag(), byUid,
                    returns.contains(SearchReturn.MIN) && any ? OptionalLong.of(numbers[0]) : OptionalLong.empty(),
                    returns.contains(SearchReturn.MAX) && any ? OptionalLong.of(numbers[numbers.length - 1]) : OptionalLong.empty(),
                    returns.contains(SearchReturn.ALL) && any ? NumberSet.of(numbers) : null,
                    returns.contains(SearchReturn.COUNT) ? OptionalLong.of(numbers.length) : OptionalLong.empty(),
                    OptionalLong.empty()));
        } else {
            out.add(SearchData.Numbers.sort(java.util.Arrays.stream(numbers).boxed().toList()));
        }
        return Completions.ok(out, command.kind().wireName() + " completed");
    }

    /**
     * The UIDs SORT and THREAD order, ascending: for ALL the session's view holds them, and the read of their
     * rows drops those expunged meanwhile, as SEARCH would; any other key is SEARCH's to evaluate.
     */
    static long[] matchingUids(Request request, Selected selected, SearchKey key) {
        if (!(key instanceof SearchKey.All)) {
            return SearchProcessor.matchingUids(request, selected, key);
        }
        MessageMap view = selected.view().messages();
        long[] all = new long[view.size()];
        for (int msn = 1; msn <= all.length; msn++) {
            all[msn - 1] = view.uid(msn);
        }
        return all;
    }

    /**
     * The rows of those of ascending {@code uids} that are still there: one slice of the mailbox's partition
     * over their range ({@code slice} of the first and last UID), of the columns SORT compares (a few round trips
     * for 10,000 messages), or of those and the threading facts for THREAD.
     */
    static List<SortFacts> rows(long[] uids, BiFunction<Uid, Uid, List<SortFacts>> slice) {
        if (uids.length == 0) {
            return List.of();
        }
        return slice.apply(Uid.of(uids[0]), Uid.of(uids[uids.length - 1])).stream()
                .filter(row -> java.util.Arrays.binarySearch(uids, row.uid().value()) >= 0)
                .toList();
    }

    /**
     * The facts of those of {@code uids} still there, with the sort keys their rows keep. A row written before
     * rows kept them has its keys worked out from its parsed content, read for those rows alone.
     */
    private static List<SortKeys.Facts> facts(Request request, Selected selected, long[] uids) {
        List<SortFacts> rows = rows(uids, (first, last) -> request.session().backends().store().messages()
                .sortFacts(selected.mailbox().id(), first, last));
        Map<String, MessageContent> contents = request.session().backends().store().contents()
                .findAll(rows.stream().filter(row -> row.fields() == null).map(SortFacts::blobKey).toList());
        List<SortKeys.Facts> facts = new ArrayList<>(rows.size());
        for (SortFacts row : rows) {
            SortFields keys = row.fields() != null ? row.fields() : keysOf(contents.get(row.blobKey()), row.internalDate());
            long uid = row.uid().value();
            facts.add(new SortKeys.Facts(uid, selected.view().messages().msn(uid), row.size(), row.internalDate(), keys));
        }
        return facts;
    }

    /**
     * The dates and sizes of those of {@code uids} still there, from the store's sort date blocks: a few rows for the
     * whole mailbox instead of one per message. Null when a message has no sent date kept (a row written before rows
     * kept sort keys): then the rows and contents are read as for any other key.
     */
    private static List<SortKeys.Facts> datedFacts(Request request, Selected selected, long[] uids) {
        MessageMap view = selected.view().messages();
        List<DateFacts> read = request.session().backends().store().messages().dateFacts(selected.mailbox().id(), uids);
        List<SortKeys.Facts> facts = new ArrayList<>(uids.length);
        for (DateFacts each : read) {
            long uid = each.uid().value();
            if (each.sentDate() == null) {
                return null;
            }
            facts.add(new SortKeys.Facts(uid, view.msn(uid), each.size(), each.internalDate(), each.sentDate(), null));
        }
        return facts;
    }

    /** The keys of a row without them: from its content, or from no header fields for a row stored without one. */
    private static SortFields keysOf(MessageContent content, Instant internalDate) {
        return content == null ? SortFieldsOf.of(Map.of(), internalDate) : SortFieldsOf.of(content, internalDate);
    }
}
