package io.mailfleet.smtp.ingress.accept;

import io.mailfleet.events.EventPublisher;
import io.mailfleet.events.PublishedPosition;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.quarkus.content.ContentIndexer;
import io.mailfleet.quarkus.failure.TemporaryFailures;
import io.mailfleet.store.blob.BlobRef;
import io.mailfleet.store.blob.BlobStore;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.MessageContentRepository;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The durable accept of RFC 5321's "250 means we took responsibility": the body is streamed to the
 * blob store while it arrives, and once the client has sent all of it, the event naming the blob
 * is published and acknowledged by Kafka. Only then does the returned stage succeed; any failure
 * on the way fails it, and an event is published only for a body that is completely stored.
 *
 * <p>A body whose last line has no CRLF, which only BDAT can deliver (RFC 3030), gets one: it is
 * stored as the same message sent with DATA would be, whose final CRLF is part of the message (RFC
 * 5321 §4.1.1.4). Every reader then sends exactly the stored octets, IMAP literals and POP3's
 * multi-line RETR alike, and the size recorded at delivery is the size each of them sends.
 *
 * <p>A body of up to {@value #PARSED_AT_MOST} octets, most mail, is also kept in memory while it
 * streams (the pieces the connection hands over, not a copy of them), parsed once it is stored, and its parsed content (docs/architecture.md, invariant 5)
 * written to Cassandra while the event is published: the stage succeeds only once that write is
 * done too, so delivery finds the content and never reads the body back from S3 to parse it. A
 * larger body, or one the parser gives up on, is parsed by delivery as before.
 */
public final class MessageAcceptor {

    /** Bytes of a body held in memory between the connection and the blob store, per message. */
    static final long PIPE_HIGH_WATER = 256 * 1024;
    /** Bodies up to this size are parsed here; the blob store keeps bodies this small in memory too. */
    static final int PARSED_AT_MOST = 1 << 20;

    private static final System.Logger LOG = System.getLogger(MessageAcceptor.class.getName());

    private final BlobStore blobs;
    private final EventPublisher events;
    private final Executor blobWriters;
    private final Supplier<? extends MessageContentRepository> contents;
    private final AcceptStage.Times stageTimes;
    private final ContentIndexer indexer = new ContentIndexer();

    /**
     * @param blobWriters runs the blocking uploads and content writes, one task per message in flight
     * @param contents    where parsed content goes, connected on first use (it may throw
     *                    {@code StoreUnavailableException}, which fails the accept like any store failure)
     * @param stageTimes  told how long each stage of every successful accept took
     */
    public MessageAcceptor(BlobStore blobs, EventPublisher events, Executor blobWriters,
                           Supplier<? extends MessageContentRepository> contents, AcceptStage.Times stageTimes) {
        this.blobs = blobs;
        this.events = events;
        this.blobWriters = blobWriters;
        this.contents = contents;
        this.stageTimes = stageTimes;
    }

    /**
     * Starts streaming a new body to the blob store.
     *
     * @param queueId the transaction's queue id, which its trace field names
     * @param sender  the reverse-path, empty for the null sender
     */
    public Upload begin(String queueId, String sender) {
        BodyPipe pipe = new BodyPipe(PIPE_HIGH_WATER);
        CompletableFuture<BlobRef> stored = CompletableFuture.supplyAsync(() -> {
            try (pipe) {
                return blobs.put(pipe);
            } catch (java.io.IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, blobWriters);
        return new Upload(pipe, stored, new PassingBody(queueId, sender));
    }

    /** Parses a stored body and writes its content; a body the parser gives up on is left to delivery. */
    private CompletableFuture<Void> writeContent(String blobKey, List<byte[]> body) {
        return CompletableFuture.runAsync(() -> {
            MessageContent content;
            try {
                content = indexer.index(blobKey, read(body));
            } catch (RuntimeException | IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "not parsed at ingress, delivery parses " + blobKey + ": " + e);
                return;
            }
            contents.get().put(content);
        }, blobWriters);
    }

    /** The pieces in order as one stream, without copying them into one array first. */
    private static InputStream read(List<byte[]> pieces) {
        return new SequenceInputStream(Collections.enumeration(pieces.stream().map(ByteArrayInputStream::new).toList()));
    }

    /** One body on its way to durability; used from the connection's event loop. */
    public final class Upload {

        private static final byte[] CRLF = {'\r', '\n'};

        private final BodyPipe pipe;
        private final CompletableFuture<BlobRef> stored;
        /** The body's pieces so far while it is small enough to parse here; null once it is not. */
        private List<byte[]> kept = new ArrayList<>();
        private long keptSize;
        private final PassingBody passing;
        private volatile boolean aborted;

        private Upload(BodyPipe pipe, CompletableFuture<BlobRef> stored, PassingBody passing) {
            this.pipe = pipe;
            this.stored = stored;
            this.passing = passing;
        }

        /**
         * Adds body bytes, which the upload keeps as they are: the caller hands the array over and
         * never changes it. False means stop reading from the client until {@link #onDrained} runs.
         */
        public boolean write(byte[] chunk) {
            passing.add(chunk);
            keep(chunk);
            return pipe.write(chunk);
        }

        private void keep(byte[] chunk) {
            if (kept != null && keptSize + chunk.length <= PARSED_AT_MOST) {
                kept.add(chunk);
                keptSize += chunk.length;
            } else {
                kept = null;
            }
        }

        /** Runs, on the upload's thread, when a paused writer may go on. */
        public void onDrained(Runnable resume) {
            pipe.onDrained(resume);
        }

        /**
         * The client sent the whole body: completes when the body is stored and the event built from
         * where it landed is acknowledged, or fails if either did not happen.
         */
        public CompletionStage<Accepted> complete(Function<StoredBody, MailAccepted> event) {
            if (passing.lastLineOpen()) {
                passing.add(CRLF);
                keep(CRLF);
                pipe.write(CRLF);
            }
            pipe.finish();
            long dataEnded = System.nanoTime();
            List<byte[]> body = kept;
            kept = null;
            Optional<String> clientDigest = passing.clientDigest();
            return stored.thenCompose(ref -> {
                long bodyStored = timed(AcceptStage.BODY_STORE, dataEnded);
                MailAccepted accepted = event.apply(new StoredBody(ref.key().value(), ref.size(), clientDigest));
                CompletableFuture<Void> parsed = body == null ? CompletableFuture.completedFuture(null)
                        : writeContent(ref.key().value(), body).thenRun(() -> timed(AcceptStage.CONTENT_WRITE, bodyStored));
                CompletionStage<PublishedPosition> published = events.publish(accepted).thenApply(position -> {
                    timed(AcceptStage.EVENT_PUBLISH, bodyStored);
                    return position;
                });
                return published.thenCombine(parsed, (position, written) -> new Accepted(accepted, position));
            }).whenComplete((accepted, failure) -> {
                if (failure != null && !aborted) {
                    TemporaryFailures.shared().record("451 4.3.0 to the end of a message", failure);
                }
            });
        }

        /** Reports a stage that began at {@code since} and ends now; returns now. */
        private long timed(AcceptStage stage, long since) {
            long now = System.nanoTime();
            stageTimes.took(stage, now - since);
            return now;
        }

        /** The body will not be accepted (size limit, smuggling, RSET, lost connection): store nothing, publish nothing. */
        public void abort(String reason) {
            aborted = true;
            pipe.fail(new java.io.IOException("message aborted: " + reason));
        }
    }
}
