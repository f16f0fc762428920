package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.gateway.server.Backends;
import io.mailfleet.imap.response.NumberSet;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.response.StatusResponse;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.imap.session.Question;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.quarkus.content.SortFieldsOf;
import io.mailfleet.store.blob.BlobRef;
import io.mailfleet.store.mailbox.Appended;
import io.mailfleet.store.mailbox.ClientAppends;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.MessageFlags;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.OverQuotaException;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * APPEND (RFC 9051 §6.3.12, MULTIAPPEND RFC 3502, APPENDUID RFC 4315): the target is checked before
 * the first literal is read (a MULTIAPPEND names it once); each literal is streamed into the blob store
 * as it arrives, and pinned against the blob collector by that put. At the end the quota is checked once
 * for the sizes the literals announced, each message is parsed once as delivery parses it (from the
 * octets the upload kept when the literal is small, else from the blob), and all are appended in one
 * change of the store: the messages of a MULTIAPPEND are all appended or none is (RFC 3502 §6.3.11), up
 * to {@link #MAX_MESSAGES} of them.
 */
public final class AppendProcessor {

    private static final MessageIdGenerator IDS = new MessageIdGenerator();

    /** A literal of at most this many octets is parsed from memory, not read back from the blob store. */
    public static final int KEPT_LITERAL = 64 * 1024;

    /**
     * Where an APPEND's messages go, and the quota of the account, read beside the lookup of the mailbox so
     * that the commit does not read it.
     */
    public record Target(Mailbox mailbox, CompletableFuture<ClientAppends.Quota> quota) {
    }

    /** One message of the APPEND: where it goes, with what, its size as the literal announced it, and its upload's outcome. */
    public record Message(Target target, List<io.mailfleet.model.mailbox.Flag> flags, Optional<OffsetDateTime> internalDate,
                          long size, CompletableFuture<Upload> upload) {

        public Mailbox mailbox() {
            return target.mailbox();
        }
    }

    /**
     * A stored literal; when it was small enough to keep ({@link #KEPT_LITERAL}), its parsed content, stored with
     * the blob's pin.
     */
    public record Upload(BlobRef blob, Optional<MessageContent> content) {
    }

    /**
     * Blocking: stores a literal kept in memory, parsed while its PUT is under way and its parsed content written
     * in the pin's own write: the commit then neither parses it nor writes its content, one write (and its commit
     * log sync) less before the append's conditional change.
     *
     * @throws java.io.EOFException when the client sent fewer than {@code size} octets
     */
    public static Upload uploadKept(byte[] octets, long size, Backends backends) throws IOException {
        if (octets.length != size) {
            throw new EOFException("the literal ended after " + octets.length + " of " + size + " octets");
        }
        MessageContent[] parsed = new MessageContent[1];
        BlobRef blob = backends.blobs().put(octets, key -> {
            try {
                parsed[0] = Contents.index(key.value(), new ByteArrayInputStream(octets));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return backends.pins().pinWithContent(key, parsed[0]);
        });
        return new Upload(blob, Optional.of(parsed[0]));
    }

    private AppendProcessor() {
    }

    /**
     * Blocking: the mailbox an APPEND message goes to; empty refuses the APPEND with {@code NO [TRYCREATE]}. The
     * account's quota is read meanwhile, for the commit.
     */
    public static Optional<Target> target(Question.AppendMessage question, GatewaySession session) {
        Optional<MailboxPath> path = Names.path(question.context(), question.mailbox());
        if (path.isEmpty()) {
            return Optional.empty();
        }
        CompletableFuture<ClientAppends.Quota> quota = session.backends().store().appends()
                .quotaAsync(session.account());
        return Names.mailbox(session, path.get()).map(mailbox -> new Target(mailbox, quota));
    }

    public static Answer.Completed noSuchTarget() {
        return Completions.no(ResponseCode.Simple.TRYCREATE, "No such mailbox");
    }

    /**
     * The most messages one APPEND takes: one change of the store appends them all, and it takes no more.
     * A further message is refused before its literal is read ({@link #tooManyMessages}), and with it the command.
     */
    public static final int MAX_MESSAGES = MessageRepository.MAX_ATOMIC_APPEND;

    /** The answer to an APPEND's message beyond the first {@link #MAX_MESSAGES}: none of its messages is appended. */
    public static Answer.Completed tooManyMessages() {
        return Completions.no(ResponseCode.Simple.LIMIT, "At most " + MAX_MESSAGES + " messages in one APPEND");
    }

    /**
     * Blocking: appends every uploaded message, all in one change, and answers with APPENDUID. The quota, read
     * when the target was looked up, is checked for all of them while the last upload may still be finishing
     * (storing the body, pinning it), and the store reads the mailbox state for the change meanwhile too; each
     * body is parsed once its upload is done, and the change is written once all are. A message over the quota,
     * an upload or a parse that fails, or a store that cannot make the change, leaves the mailbox as it was. Each
     * blob was pinned by its put (the blob store pins every key it puts before the put returns), so the rows may
     * refer to it at once.
     *
     * @param selected the session's selected mailbox when the messages go to it, else null: the appended
     *                 messages are left to its next read as its own changes ({@link MailboxSync#changedAlone})
     */
    public static Answer.Completed commit(List<Message> messages, Selected selected, GatewaySession session) {
        Mailbox target = messages.get(0).mailbox();
        ClientAppends appends = session.backends().store().appends();
        ClientAppends.Room room;
        try {
            room = appends.room(messages.get(0).target().quota(), announcedSize(messages));
        } catch (OverQuotaException e) {
            return Completions.no(ResponseCode.Simple.OVERQUOTA, "Quota exceeded");
        }
        CompletableFuture<List<ClientAppends.ClientMessage>> parsing = CompletableFuture.allOf(messages.stream()
                .map(Message::upload).toArray(CompletableFuture[]::new)).thenApply(uploaded -> parsed(messages, session));
        List<Appended> appended = appends.appendAll(room, target, messages.size(), parsing);
        List<ClientAppends.ClientMessage> parsed = parsing.join();
        List<Events.Added> added = new ArrayList<>(appended.size());
        List<MessageFlags> flags = new ArrayList<>(appended.size());
        for (int i = 0; i < appended.size(); i++) {
            ClientAppends.ClientMessage message = parsed.get(i);
            Appended one = appended.get(i);
            added.add(new Events.Added(one.uid(), one.modSeq(), message.flags(), message.messageId(), message.content().size()));
            flags.add(new MessageFlags(one.uid(), one.modSeq(), message.flags()));
        }
        if (selected != null) {
            // One change appended them all: what the mailbox was at before it is every message's previous MODSEQ.
            MailboxSync.changedAlone(selected, Optional.of(appended.get(0).previous()), flags, List.of());
        }
        Events.appended(session.backends().events(), target, added);
        return appendUid(target, appended);
    }

    /** The octets the literals of an APPEND announced: what its messages add to the account. */
    static long announcedSize(List<Message> messages) {
        return messages.stream().mapToLong(Message::size).sum();
    }

    /** The OK of an APPEND that appended {@code appended} to {@code target}: APPENDUID with the UIDs of all of them. */
    static Answer.Completed appendUid(Mailbox target, List<Appended> appended) {
        return new Answer.Completed(List.of(), StatusResponse.Condition.OK, new ResponseCode.AppendUid(
                target.uidValidity().value(), NumberSet.of(appended.stream().mapToLong(one -> one.uid().value()).toArray())),
                "APPEND completed");
    }

    /** Blocking, once every upload is done: the messages parsed, in order. */
    private static List<ClientAppends.ClientMessage> parsed(List<Message> messages, GatewaySession session) {
        List<ClientAppends.ClientMessage> parsed = new ArrayList<>(messages.size());
        try {
            for (Message message : messages) {
                parsed.add(parsed(message, session));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parsed;
    }

    /**
     * Blocking: the message parsed from its upload, as delivery parses it, with the client's flags and internal date;
     * a large literal is parsed here, read back from the blob store.
     */
    private static ClientAppends.ClientMessage parsed(Message message, GatewaySession session) throws IOException {
        Upload upload = message.upload().join();
        BlobRef blob = upload.blob();
        MessageContent content;
        if (upload.content().isPresent()) {
            content = upload.content().get();
        } else {
            try (InputStream body = session.backends().blobs().get(blob.key())) {
                content = Contents.index(blob.key().value(), body);
            }
        }
        Instant date = message.internalDate().map(OffsetDateTime::toInstant).orElse(Instant.now());
        return new ClientAppends.ClientMessage(IDS.next(), content, SortFieldsOf.of(content, date), Flags.of(message.flags()), date,
                upload.content().isPresent());
    }
}
