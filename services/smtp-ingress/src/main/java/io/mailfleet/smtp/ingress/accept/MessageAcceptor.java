package io.mailfleet.smtp.ingress.accept;

import io.mailfleet.events.EventPublisher;
import io.mailfleet.model.event.ClientDigest;
import io.mailfleet.model.event.ContentFacts;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.quarkus.content.ContentIndexer;
import io.mailfleet.quarkus.content.SortFieldsOf;
import io.mailfleet.quarkus.failure.TemporaryFailures;
import io.mailfleet.store.blob.BlobRef;
import io.mailfleet.store.blob.MinioBlobStore;
import io.mailfleet.store.blob.NewBlobPins;
import io.mailfleet.store.mailbox.MessageContent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
 * <p>A body the blob store holds in memory (up to 1 MiB, most mail) is parsed before it is stored, and
 * its parsed content (docs/architecture.md, invariant 5) written to Cassandra with the blob's pin, in one
 * request, before the body's PUT: delivery finds the content and never reads the body back from S3 to
 * parse it, nor the content itself: the event carries what the message rows keep of it ({@link ContentFacts}).
 * The body starts with the trace field that names this transaction's queue id, which no other
 * transaction has (delivery's exactly-once rests on that too), so no earlier put can have stored these
 * octets, and the pin needs no read of the collector's condemnations ({@link NewBlobPins}). A larger
 * body, one without that trace field, or one the parser gives up on, is parsed by delivery as before.
 */
public final class MessageAcceptor {

    /** Bytes of a body held in memory between the connection and the blob store, per message. */
    static final long PIPE_HIGH_WATER = 256 * 1024;

    private static final System.Logger LOG = System.getLogger(MessageAcceptor.class.getName());

    private final MinioBlobStore blobs;
    private final EventPublisher events;
    private final Executor blobWriters;
    private final Supplier<? extends NewBlobPins> pins;
    private final AcceptStage.Times stageTimes;
    private final ContentIndexer indexer = new ContentIndexer();

    /**
     * @param blobWriters runs the blocking uploads and content writes, one task per message in flight
     * @param pins        pins new bodies with their parsed content, connected on first use (it may throw
     *                    {@code StoreUnavailableException}, which fails the accept like any store failure)
     * @param stageTimes  told how long each stage of every successful accept took
     */
    public MessageAcceptor(MinioBlobStore blobs, EventPublisher events, Executor blobWriters,
                           Supplier<? extends NewBlobPins> pins, AcceptStage.Times stageTimes) {
        this.blobs = blobs;
        this.events = events;
        this.blobWriters = blobWriters;
        this.pins = pins;
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
        AtomicLong contentWrite = new AtomicLong();
        AtomicReference<ContentFacts> facts = new AtomicReference<>();
        CompletableFuture<BlobRef> stored = CompletableFuture.supplyAsync(() -> {
            try (pipe) {
                return blobs.put(pipe, (ref, body) -> pinnedWithContent(queueId, ref, body, contentWrite, facts));
            } catch (java.io.IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, blobWriters);
        return new Upload(pipe, stored, new PassingBody(queueId, sender), contentWrite, facts);
    }

    /**
     * Pins a body that starts with the transaction's own trace field, with its parsed content, tells
     * {@code took} how long the parse and the write took and {@code facts} what the event carries of the stored
     * content; leaves any other body to the store's own pin.
     */
    private boolean pinnedWithContent(String queueId, BlobRef ref, byte[] body, AtomicLong took,
                                      AtomicReference<ContentFacts> facts) {
        if (!tracedAs(queueId, body)) {
            return false;
        }
        long start = System.nanoTime();
        Optional<MessageContent> content = parsed(ref.key().value(), body);
        pins.get().pinNew(ref.key(), content);
        took.set(Math.max(1, System.nanoTime() - start));
        content.flatMap(SortFieldsOf::factsOf).ifPresent(facts::set);
        return true;
    }

    /** Whether the body's first field is this transaction's trace field, as the client digest tells it apart. */
    private static boolean tracedAs(String queueId, byte[] body) {
        try {
            return ClientDigest.of(queueId, "", new ByteArrayInputStream(body, 0, Math.min(body.length, ClientDigest.MAX_TRACE)))
                    .isPresent();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    /** The body's content, or none when the parser gives up on it, leaving it to delivery. */
    private Optional<MessageContent> parsed(String blobKey, byte[] body) {
        try {
            return Optional.of(indexer.index(blobKey, new ByteArrayInputStream(body)));
        } catch (RuntimeException | IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "not parsed at ingress, delivery parses " + blobKey + ": " + e);
            return Optional.empty();
        }
    }

    /** One body on its way to durability; used from the connection's event loop. */
    public final class Upload {

        private static final byte[] CRLF = {'\r', '\n'};

        private final BodyPipe pipe;
        private final CompletableFuture<BlobRef> stored;
        private final PassingBody passing;
        /** Nanoseconds the parse and the write of the content with the pin took; 0 while not written. */
        private final AtomicLong contentWrite;
        /** What the event carries of the content written with the pin; null while none is written. */
        private final AtomicReference<ContentFacts> facts;
        private volatile boolean aborted;

        private Upload(BodyPipe pipe, CompletableFuture<BlobRef> stored, PassingBody passing, AtomicLong contentWrite,
                       AtomicReference<ContentFacts> facts) {
            this.pipe = pipe;
            this.stored = stored;
            this.passing = passing;
            this.contentWrite = contentWrite;
            this.facts = facts;
        }

        /**
         * Adds body bytes, which the upload keeps as they are: the caller hands the array over and
         * never changes it. False means stop reading from the client until {@link #onDrained} runs.
         */
        public boolean write(byte[] chunk) {
            passing.add(chunk);
            return pipe.write(chunk);
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
                pipe.write(CRLF);
            }
            pipe.finish();
            long dataEnded = System.nanoTime();
            Optional<String> clientDigest = passing.clientDigest();
            return stored.thenCompose(ref -> {
                long bodyStored = timed(AcceptStage.BODY_STORE, dataEnded);
                if (contentWrite.get() > 0) {
                    stageTimes.took(AcceptStage.CONTENT_WRITE, contentWrite.get());
                }
                MailAccepted accepted = event.apply(new StoredBody(ref.key().value(), ref.size(), clientDigest,
                        Optional.ofNullable(facts.get())));
                return events.publish(accepted).thenApply(position -> {
                    timed(AcceptStage.EVENT_PUBLISH, bodyStored);
                    return new Accepted(accepted, position);
                });
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
