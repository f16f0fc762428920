package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.ThreadCommand;
import io.mailfleet.imap.gateway.search.Threading;
import io.mailfleet.imap.response.Response;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.response.SearchData;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.quarkus.content.SortFieldsOf;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.SortFacts;
import io.mailfleet.store.mailbox.SortFields;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * THREAD and UID THREAD (RFC 5256): the messages SEARCH matches, threaded from the facts their rows keep (sent
 * date, base subject, Message ID and references), read with one slice of the mailbox's partition as SORT reads its
 * keys; never from S3. A row written before rows kept them has them worked out from its parsed content, read for
 * those rows alone.
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
        List<SortFacts> rows = SortProcessor.rows(SortProcessor.matchingUids(request, selected, command.key()),
                (first, last) -> request.session().backends().store().messages().threadFacts(selected.mailbox().id(), first, last));
        Map<String, MessageContent> contents = request.session().backends().store().contents()
                .findAll(rows.stream().filter(row -> !threaded(row)).map(SortFacts::blobKey).toList());
        boolean byUid = command.kind().isUid();
        List<Threading.Message> messages = new ArrayList<>(rows.size());
        for (SortFacts row : rows) {
            SortFields facts = threaded(row) ? row.fields() : factsOf(contents.get(row.blobKey()), row);
            int msn = selected.view().messages().msn(row.uid().value());
            messages.add(new Threading.Message(byUid ? row.uid().value() : msn, msn, facts));
        }
        List<SearchData.ThreadNode> threads = switch (command.algorithm()) {
            case ORDEREDSUBJECT -> Threading.orderedSubject(messages);
            case REFERENCES -> Threading.references(messages);
        };
        return Completions.ok(List.<Response>of(new SearchData.Threads(threads)), command.kind().wireName() + " completed");
    }

    private static boolean threaded(SortFacts row) {
        return row.fields() != null && row.fields().thread() != null;
    }

    /** The facts of a row without them: from its content, or from no header fields for a row stored without one. */
    private static SortFields factsOf(MessageContent content, SortFacts row) {
        return content == null ? SortFieldsOf.of(Map.of(), row.internalDate()) : SortFieldsOf.of(content, row.internalDate());
    }
}
