package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.response.Response;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.session.Answer;

import java.util.List;

/** The tagged endings processors answer with. */
final class Completions {

    private Completions() {
    }

    static Answer.Completed ok(String text) {
        return Answer.Completed.ok(List.of(), text);
    }

    static Answer.Completed ok(List<Response> untagged, String text) {
        return Answer.Completed.ok(untagged, text);
    }

    static Answer.Completed no(ResponseCode code, String text) {
        return Answer.Completed.no(code, text);
    }

    static Answer.Completed noSuchMailbox() {
        return no(ResponseCode.Simple.NONEXISTENT, "No such mailbox");
    }

    static Answer.Completed readOnly() {
        return no(ResponseCode.Simple.READ_ONLY, "The mailbox is open read-only");
    }
}
