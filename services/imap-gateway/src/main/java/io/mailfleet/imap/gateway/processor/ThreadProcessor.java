package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.ThreadCommand;
import io.mailfleet.imap.gateway.fetch.StoredStructure;
import io.mailfleet.imap.gateway.search.Threading;
import io.mailfleet.imap.response.Response;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.response.SearchData;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.quarkus.content.SortFieldsOf;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.SortFacts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * THREAD and UID THREAD (RFC 5256): the messages SEARCH matches, threaded from the facts Cassandra holds
 * (Message-ID, In-Reply-To, References and Subject from the header index, the sent date kept in the row); never
 * from S3.
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
        List<SortFacts> rows = SortProcessor.rows(request, selected, SortProcessor.matchingUids(request, selected, command.key()));
        Map<String, MessageContent> contents = request.session().backends().store().contents()
                .findAll(rows.stream().map(SortFacts::blobKey).toList());
        boolean byUid = command.kind().isUid();
        List<Threading.Message> messages = new ArrayList<>(rows.size());
        for (SortFacts row : rows) {
            MessageContent content = contents.get(row.blobKey());
            Map<String, List<String>> headers = content == null ? Map.of() : StoredStructure.headerFields(content.headerIndex());
            Instant sent = row.fields() != null ? row.fields().sentDate() : SortFieldsOf.of(headers, row.internalDate()).sentDate();
            int msn = selected.view().messages().msn(row.uid().value());
            messages.add(Threading.Message.of(byUid ? row.uid().value() : msn, msn, sent, headers));
        }
        List<SearchData.ThreadNode> threads = switch (command.algorithm()) {
            case ORDEREDSUBJECT -> Threading.orderedSubject(messages);
            case REFERENCES -> Threading.references(messages);
        };
        return Completions.ok(List.<Response>of(new SearchData.Threads(threads)), command.kind().wireName() + " completed");
    }
}
