package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.response.NumberSet;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.response.StatusResponse;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.imap.session.Question;
import io.mailfleet.model.MessageId;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.quarkus.content.SortFieldsOf;
import io.mailfleet.store.blob.BlobRef;
import io.mailfleet.store.mailbox.Appended;
import io.mailfleet.store.mailbox.ClientAppends;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.OverQuotaException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * APPEND (RFC 9051 §6.3.12, MULTIAPPEND RFC 3502, APPENDUID RFC 4315): the target is checked before
 * the literal is read; the literal is streamed into the blob store as it arrives, and pinned against the
 * blob collector by that put; at the end each message is parsed once as delivery parses it (from the
 * octets the upload kept when the literal is small, else from the blob), and appended with the quota
 * checked. Messages of one MULTIAPPEND are appended one after the other.
 */
public final class AppendProcessor {

    private static final MessageIdGenerator IDS = new MessageIdGenerator();

    /** A literal of at most this many octets is parsed from memory, not read back from the blob store. */
    public static final int KEPT_LITERAL = 64 * 1024;

    /** One message of the APPEND: where it goes, with what, its size as the literal announced it, and its upload's outcome. */
    public record Message(Mailbox mailbox, List<io.mailfleet.model.mailbox.Flag> flags, Optional<OffsetDateTime> internalDate,
                          long size, java.util.concurrent.CompletableFuture<Upload> upload) {
    }

    /** A stored literal, with its octets when it was small enough to keep ({@link #KEPT_LITERAL}). */
    public record Upload(BlobRef blob, Optional<byte[]> octets) {
    }

    private AppendProcessor() {
    }

    /** Blocking: the mailbox an APPEND message goes to; empty refuses the APPEND with {@code NO [TRYCREATE]}. */
    public static Optional<Mailbox> target(Question.AppendMessage question, GatewaySession session) {
        return Names.path(question.context(), question.mailbox())
                .flatMap(each -> session.backends().store().mailboxes().find(session.account(), each));
    }

    public static Answer.Completed noSuchTarget() {
        return Completions.no(ResponseCode.Simple.TRYCREATE, "No such mailbox");
    }

    /** What a commit answers, and the messages it appended to {@code target}, in order, even when it ends with a NO. */
    public record Committed(Answer.Completed answer, Mailbox target, List<Appended> appended) {
    }

    /**
     * Blocking: appends every uploaded message and answers with APPENDUID. Each message's quota is checked
     * while its upload may still be finishing (storing the body, pinning it), and its body parsed once the
     * upload is done. Each blob was pinned by its put (the blob store pins every key it puts before the put
     * returns), so the rows may refer to it at once.
     */
    public static Committed commit(List<Message> messages, GatewaySession session) throws IOException {
        Mailbox target = messages.get(0).mailbox();
        ClientAppends appends = session.backends().store().appends();
        List<Appended> appended = new ArrayList<>();
        List<Events.Added> added = new ArrayList<>();
        for (Message message : messages) {
            ClientAppends.Room room;
            try {
                room = appends.room(message.mailbox().account(), message.size());
            } catch (OverQuotaException e) {
                Events.appended(session.backends().events(), target, added);
                return new Committed(Completions.no(ResponseCode.Simple.OVERQUOTA, "Quota exceeded"), target, appended);
            }
            Upload upload = message.upload().join();
            BlobRef blob = upload.blob();
            MessageContent content;
            try (InputStream body = upload.octets().isPresent() ? new ByteArrayInputStream(upload.octets().get())
                    : session.backends().blobs().get(blob.key())) {
                content = Contents.index(blob.key().value(), body);
            }
            Instant date = message.internalDate().map(OffsetDateTime::toInstant).orElse(Instant.now());
            Flags flags = Flags.of(message.flags());
            MessageId messageId = IDS.next();
            Appended one = appends.append(room, message.mailbox(), messageId, content, SortFieldsOf.of(content, date), flags, date);
            appended.add(one);
            added.add(new Events.Added(one.uid(), one.modSeq(), flags, messageId, content.size()));
        }
        Events.appended(session.backends().events(), target, added);
        return new Committed(new Answer.Completed(List.of(), StatusResponse.Condition.OK, new ResponseCode.AppendUid(
                target.uidValidity().value(), NumberSet.of(appended.stream().mapToLong(one -> one.uid().value()).toArray())),
                "APPEND completed"), target, appended);
    }
}
