package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.SearchReturn;
import io.mailfleet.imap.command.SortCommand;
import io.mailfleet.imap.gateway.fetch.StoredStructure;
import io.mailfleet.imap.gateway.search.SortKeys;
import io.mailfleet.imap.response.NumberSet;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.response.Response;
import io.mailfleet.imap.response.SearchData;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.SearchFacts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * SORT and UID SORT (RFC 5256 §3) with ESORT (RFC 5267): the messages SEARCH matches, ordered by the
 * criteria over the facts Cassandra holds (dates, size, the header index), ties by message number.
 */
final class SortProcessor {

    private static final int PAGE = 500;

    private SortProcessor() {
    }

    static Answer.Completed sort(Request request) {
        SortCommand command = (SortCommand) request.command();
        if (!Set.of("US-ASCII", "UTF-8").contains(command.charset())) {
            return Completions.no(new ResponseCode.BadCharset(List.of("US-ASCII", "UTF-8")), "Unknown charset");
        }
        Selected selected = request.selected();
        long[] matches = SearchProcessor.matchingUids(request, selected, command.key());
        Map<Long, SortKeys.Facts> facts = facts(request, selected, matches);
        Comparator<SortKeys.Facts> order = SortKeys.comparator(command.criteria());
        List<SortKeys.Facts> sorted = new ArrayList<>(facts.values());
        sorted.sort(order.thenComparingInt(SortKeys.Facts::msn));
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

    /** The facts of the matching UIDs, read in pages over their range; THREAD reads the same. */
    static Map<Long, SortKeys.Facts> facts(Request request, Selected selected, long[] uids) {
        Map<Long, SortKeys.Facts> out = new HashMap<>();
        if (uids.length == 0) {
            return out;
        }
        Uid next = Uid.of(uids[0]);
        Uid last = Uid.of(uids[uids.length - 1]);
        while (true) {
            List<SearchFacts> page = request.session().backends().store().messages().searchFacts(selected.mailbox().id(),
                    next, last, PAGE);
            for (SearchFacts facts : page) {
                long uid = facts.message().uid().value();
                if (java.util.Arrays.binarySearch(uids, uid) >= 0) {
                    Map<String, List<String>> headers = facts.content().map(MessageContent::headerIndex)
                            .map(StoredStructure::headerFields).orElse(Map.of());
                    out.put(uid, new SortKeys.Facts(uid, selected.view().messages().msn(uid), facts.message().size(),
                            facts.message().internalDate(), headers));
                }
            }
            if (page.size() < PAGE || page.get(page.size() - 1).message().uid().compareTo(last) >= 0) {
                return out;
            }
            next = page.get(page.size() - 1).message().uid().next();
        }
    }
}
