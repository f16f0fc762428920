package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.ThreadCommand;
import io.mailfleet.imap.gateway.search.SortKeys;
import io.mailfleet.imap.gateway.search.Threading;
import io.mailfleet.imap.response.Response;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.response.SearchData;
import io.mailfleet.imap.session.Answer;

import java.util.List;
import java.util.Set;

/**
 * THREAD and UID THREAD (RFC 5256): the messages SEARCH matches, threaded from the facts Cassandra holds
 * (Message-ID, In-Reply-To and References from the header index, sent date, subject); never from S3.
 */
final class ThreadProcessor {

    private ThreadProcessor() {
    }

    static Answer.Completed thread(Request request) {
        ThreadCommand command = (ThreadCommand) request.command();
        if (!Set.of("US-ASCII", "UTF-8").contains(command.charset())) {
            return Completions.no(new ResponseCode.BadCharset(List.of("US-ASCII", "UTF-8")), "Unknown charset");
        }
        Selected selected = request.selected();
        long[] matches = SearchProcessor.matchingUids(request, selected, command.key());
        boolean byUid = command.kind().isUid();
        List<Threading.Message> messages = SortProcessor.facts(request, selected, matches).values().stream()
                .map(facts -> Threading.Message.of(facts, byUid ? facts.uid() : facts.msn()))
                .toList();
        List<SearchData.ThreadNode> threads = switch (command.algorithm()) {
            case ORDEREDSUBJECT -> Threading.orderedSubject(messages);
            case REFERENCES -> Threading.references(messages);
        };
        return Completions.ok(List.<Response>of(new SearchData.Threads(threads)), command.kind().wireName() + " completed");
    }
}
