package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.response.NumberSet;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.response.StatusResponse;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.model.mailbox.UidValidity;
import io.mailfleet.store.mailbox.Appended;
import io.mailfleet.store.mailbox.Mailbox;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** What an APPEND's commit decides without the store: the room it asks the quota for, and its APPENDUID. */
class AppendCommitTest {

    private final Mailbox inbox = new Mailbox(MailboxId.random(), "ann@example.org", MailboxPath.INBOX, UidValidity.of(38505),
            Optional.empty(), true);

    private AppendProcessor.Message message(long size) {
        return new AppendProcessor.Message(new AppendProcessor.Target(inbox, new CompletableFuture<>()), List.of(), Optional.empty(), size,
                new CompletableFuture<>());
    }

    @Test
    void theQuotaIsCheckedOnceForWhatAllTheLiteralsAnnounced() {
        assertThat(AppendProcessor.announcedSize(List.of(message(310), message(0), message(4_000_000)))).isEqualTo(4_000_310);
    }

    @Test
    void theAppendUidOfMessagesAppendedInOneChangeIsTheRangeOfTheirUids() {
        List<Appended> appended = List.of(new Appended(Uid.of(7), ModSeq.of(12), ModSeq.of(11)),
                new Appended(Uid.of(8), ModSeq.of(12), ModSeq.of(11)), new Appended(Uid.of(9), ModSeq.of(12), ModSeq.of(11)));

        Answer.Completed answer = AppendProcessor.appendUid(inbox, appended);

        assertThat(answer.condition()).isEqualTo(StatusResponse.Condition.OK);
        assertThat(answer.code()).isEqualTo(new ResponseCode.AppendUid(38505, NumberSet.range(7, 9)));
        assertThat(((ResponseCode.AppendUid) answer.code()).uids().encode()).isEqualTo("7:9");
    }
}
