package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.CommandKind;
import io.mailfleet.imap.command.FetchAttribute;
import io.mailfleet.imap.command.FetchCommand;
import io.mailfleet.imap.command.SearchingCommand;
import io.mailfleet.imap.command.SearchKey;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.server.Lane;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The processor of each command the core hands to the gateway, and the lane it runs on: metadata work
 * on the metadata lane, work that reads bodies from S3 on the body lane.
 */
public final class Processors {

    private static final Map<CommandKind, Processor> PROCESSORS = new EnumMap<>(CommandKind.class);

    static {
        // In the selected state: nothing to do but the read of changes that follows them (ChangeReads), which is what a client polls for.
        PROCESSORS.put(CommandKind.NOOP, request -> Completions.ok("NOOP completed"));
        PROCESSORS.put(CommandKind.CHECK, request -> Completions.ok("CHECK completed"));
        PROCESSORS.put(CommandKind.LIST, ListProcessor::list);
        PROCESSORS.put(CommandKind.LSUB, ListProcessor::lsub);
        PROCESSORS.put(CommandKind.CREATE, MailboxTreeProcessor::create);
        PROCESSORS.put(CommandKind.DELETE, MailboxTreeProcessor::delete);
        PROCESSORS.put(CommandKind.RENAME, MailboxTreeProcessor::rename);
        PROCESSORS.put(CommandKind.SUBSCRIBE, request -> MailboxTreeProcessor.subscribe(request, true));
        PROCESSORS.put(CommandKind.UNSUBSCRIBE, request -> MailboxTreeProcessor.subscribe(request, false));
        PROCESSORS.put(CommandKind.STATUS, StatusProcessor::status);
        PROCESSORS.put(CommandKind.GETQUOTA, QuotaProcessor::getQuota);
        PROCESSORS.put(CommandKind.GETQUOTAROOT, QuotaProcessor::quotaRoot);
        PROCESSORS.put(CommandKind.FETCH, FetchProcessor::fetch);
        PROCESSORS.put(CommandKind.UID_FETCH, FetchProcessor::fetch);
        PROCESSORS.put(CommandKind.STORE, StoreProcessor::store);
        PROCESSORS.put(CommandKind.UID_STORE, StoreProcessor::store);
        PROCESSORS.put(CommandKind.COPY, CopyProcessor::copy);
        PROCESSORS.put(CommandKind.UID_COPY, CopyProcessor::copy);
        PROCESSORS.put(CommandKind.MOVE, CopyProcessor::copy);
        PROCESSORS.put(CommandKind.UID_MOVE, CopyProcessor::copy);
        PROCESSORS.put(CommandKind.EXPUNGE, ExpungeProcessor::expunge);
        PROCESSORS.put(CommandKind.UID_EXPUNGE, ExpungeProcessor::expunge);
        PROCESSORS.put(CommandKind.CLOSE, ExpungeProcessor::close);
        PROCESSORS.put(CommandKind.SEARCH, SearchProcessor::search);
        PROCESSORS.put(CommandKind.UID_SEARCH, SearchProcessor::search);
        PROCESSORS.put(CommandKind.SORT, SortProcessor::sort);
        PROCESSORS.put(CommandKind.UID_SORT, SortProcessor::sort);
        PROCESSORS.put(CommandKind.THREAD, ThreadProcessor::thread);
        PROCESSORS.put(CommandKind.UID_THREAD, ThreadProcessor::thread);
    }

    private Processors() {
    }

    /** The processor of a command the core asks the gateway to carry out, if the gateway carries it out. */
    public static Optional<Processor> of(CommandKind kind) {
        return Optional.ofNullable(PROCESSORS.get(kind));
    }

    public static Answer.Completed run(Request request) throws IOException {
        return PROCESSORS.get(request.command().kind()).process(request);
    }

    /**
     * SEARCH with BODY or TEXT and FETCH of body sections read bodies: BINARY counts decoded octets, and the first
     * section is opened (a small one read whole) in the same task as the rows; everything else is metadata.
     */
    public static Lane lane(Request request) {
        if (request.command() instanceof FetchCommand fetch) {
            return fetch.attributes().stream().anyMatch(Processors::readsBody) ? Lane.BODY : Lane.METADATA;
        }
        return request.command() instanceof SearchingCommand search && readsBodies(search.key()) ? Lane.BODY : Lane.METADATA;
    }

    private static boolean readsBody(FetchAttribute attribute) {
        return attribute instanceof FetchAttribute.BodySection || attribute instanceof FetchAttribute.Binary
                || attribute instanceof FetchAttribute.BinarySize || attribute == FetchAttribute.Simple.RFC822
                || attribute == FetchAttribute.Simple.RFC822_HEADER || attribute == FetchAttribute.Simple.RFC822_TEXT;
    }

    private static boolean readsBodies(SearchKey key) {
        if (key instanceof SearchKey.Body || key instanceof SearchKey.Text) {
            return true;
        }
        if (key instanceof SearchKey.And and) {
            return and.keys().stream().anyMatch(Processors::readsBodies);
        }
        if (key instanceof SearchKey.Or or) {
            return readsBodies(or.left()) || readsBodies(or.right());
        }
        return key instanceof SearchKey.Not not && readsBodies(not.key());
    }
}
